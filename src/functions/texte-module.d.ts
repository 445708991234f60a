/** A data table's texts as the add-in build packs them (scripts/pack-tables.js): the structure of the file, holding only its texts. */
declare module "*.json?texte" {
  const texte: unknown;
  export default texte;
}
