// CSV made in the browser: UTF-8 with a byte order mark, so spreadsheet programs read Chinese right.

/** `lines` (arrays of values) as CSV text with a BOM and CRLF line ends. */
export function toCsv(lines) {
  return '\uFEFF' + lines.map((line) => line.map((value) => csvField(String(value ?? ''))).join(',')).join('\r\n') + '\r\n';
}

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Makes the browser save `blob` as `fileName`. */
export function downloadBlob(fileName, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Makes the browser save CSV `text` as `fileName`. */
export function downloadCsv(fileName, text) {
  downloadBlob(fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

/** A file name part from user text: letters and digits kept, anything else one dash. */
export function fileNamePart(text) {
  return String(text).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'all';
}
