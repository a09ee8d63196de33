/**
 * Gives the event loop a turn without setTimeout: timers are clamped to 1 s (and later to
 * once a minute) in background tabs, while a MessageChannel message is delivered at once,
 * so training on the main thread keeps its pace when the tab is hidden.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
