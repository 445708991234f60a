// office-addin-mock needs only this enum from office-addin-manifest, whose real
// dependency tree has ESM-only packages Jest cannot require on Node 20.
module.exports = { OfficeApp: { Excel: "excel", OneNote: "onenote", Outlook: "outlook", PowerPoint: "powerpoint", Project: "project", Word: "word" } };
