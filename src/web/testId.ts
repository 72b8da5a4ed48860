/** `data-testid` for props objects that antd spreads onto an element (okButtonProps, …), where JSX's
 * attribute exemption does not apply. */
export function testId(id: string): { 'data-testid': string } {
  return { 'data-testid': id };
}
