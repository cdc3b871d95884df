/** The function a Lambda name or ARN names, and the qualifier it carries (a version or an alias). */

/** `name`, `name:qualifier`, `arn:aws:lambda:region:account:function:name[:qualifier]`, `account:function:name`. */
export function parseFunctionName(functionName: string, qualifier?: string): { name: string; qualifier?: string } {
  const parts = functionName.split(':');
  let name: string;
  let fromName: string | undefined;
  if (parts[0] === 'arn') {
    name = parts[6] ?? '';
    fromName = parts[7];
  } else if (parts.length >= 3 && parts[1] === 'function') {
    name = parts[2] ?? '';
    fromName = parts[3];
  } else {
    name = parts[0] ?? '';
    fromName = parts[1];
  }
  const q = qualifier ?? fromName;
  return q === undefined ? { name } : { name, qualifier: q };
}
