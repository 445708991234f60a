/*
 * Fluent UI web components (Microsoft's design system, the look of Office) for
 * the task pane only: taskpane.ts imports this module on demand when it draws
 * the pane, so webpack makes it a chunk of its own (fluent.<hash>.js) that the
 * functions bundle never carries and a page without the pane never loads
 * (webpack.config.js, test/bundle.test.ts). Only the elements the pane uses are defined.
 *
 * Their styles are constructed style sheets adopted by each shadow root, and
 * the theme's tokens one adopted sheet on the document (setTheme); neither is
 * an inline <style> or style attribute, so the pane's policy keeps style-src
 * 'self' (docs/sicherheit.md, test/csp.browser.test.ts).
 */
/*! @license
 * The task pane bundles @fluentui/web-components 3.1.3, @microsoft/fast-element 3.0.3 and
 * @fluentui/tokens 1.0.0-alpha.24: Copyright (c) Microsoft Corporation, MIT License.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
 * associated documentation files (the "Software"), to deal in the Software without restriction,
 * including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
 * subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies or substantial
 * portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
 * LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
 * EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
 * IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
 * USE OR OTHER DEALINGS IN THE SOFTWARE.
 */
// The packages carry no licence comment of their own; this one lands in dist/fluent.<hash>.js.LICENSE.txt.
import "@fluentui/web-components/badge.js";
import "@fluentui/web-components/button.js";
import "@fluentui/web-components/message-bar.js";
import "@fluentui/web-components/text-input.js";
import { setTheme } from "@fluentui/web-components";
import { webLightTheme } from "@fluentui/tokens";

setTheme(webLightTheme);
