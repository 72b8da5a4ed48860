// A bridge from code outside React (the query cache's error handler) to antd's context-aware
// `message` API, which <NotifyBridge/> registers from inside <App>.

import type { MessageInstance } from 'antd/es/message/interface';

let instance: MessageInstance | null = null;

export function setMessageInstance(next: MessageInstance | null): void {
  instance = next;
}

export function notifyError(text: string): void {
  // One message per text at a time: a burst of failing queries shows one line, not five.
  instance?.open({ type: 'error', content: text, key: `error:${text}`, duration: 5 });
}

export function notifySuccess(text: string): void {
  // One line per action: the same confirmation again (a switch and its note saved together, a double click)
  // replaces the one on screen and restarts its timer instead of stacking a second copy.
  instance?.open({ type: 'success', content: text, key: `success:${text}` });
}
