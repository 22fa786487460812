/**
 * Making untrusted text safe to print on a terminal. Log fields, file names, config keys and error
 * messages that quote input can carry escape sequences (`ESC [2J` clears the screen, `ESC ]0;…BEL`
 * retitles the window), line breaks that forge lines of a report, and bidirectional overrides that
 * show text in another order than it is. Printed through {@link printable}, each such character is
 * shown as a visible escape instead: `\x1b`, `\n`, `\u202e`.
 *
 * A leaf module without imports: the CLIs (`tools/`, the function build) share it.
 */

/**
 * What {@link printable} escapes: C0 controls (including tab, CR and LF), DEL, C1 controls (U+0080–
 * U+009F, which some terminals read as 8-bit CSI and OSC), the line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source").
 */
export const UNPRINTABLE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(c: string): string {
    const code = c.charCodeAt(0);
    return SHORT[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * `text` with every character of {@link UNPRINTABLE_CHARACTERS} written as a visible escape (`\n`,
 * `\r`, `\t`, `\xHH` up to U+00FF, `\uHHHH` above). Everything else, backslashes included, is left as
 * it is, so ordinary text (and Windows paths) reads unchanged; the result holds no character this
 * function would escape, so applying it twice changes nothing.
 * @example printable("evil\u001b[2J\nfake line") // "evil\\x1b[2J\\nfake line"
 */
export function printable(text: string): string {
    return text.replace(UNPRINTABLE_CHARACTERS, escapeOne);
}

/** {@link printable} for each line of `text`: the line breaks between lines are kept. */
export function printableLines(text: string): string {
    return text.split("\n").map(printable).join("\n");
}

/**
 * JSON text (from `JSON.stringify`) with the characters JSON itself leaves raw (DEL, C1 controls, the
 * line and paragraph separators, bidirectional overrides) written as `\uHHHH` escapes: the same JSON
 * value when parsed, harmless when shown. They can only occur inside strings, where such an escape is
 * valid.
 */
export function terminalSafeJson(json: string): string {
    return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
