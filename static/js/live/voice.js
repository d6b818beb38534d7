// Placeholder until the voice UI lands: the chat page calls mountVoice() and gets no voice button.
export function mountVoice(slot, options) {
  return { stop() {} };
}
