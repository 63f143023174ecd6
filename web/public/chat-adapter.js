// Web Chat's Direct Line shape (activity$, connectionStatus$, postActivity), answered by this
// server's /api/web/messages: one POST is one turn and its response carries the bot's replies.

export const newId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

// Just enough of an Observable for Web Chat: subscribe(observer) -> { unsubscribe }.
const observable = (onSubscribe) => ({
  subscribe(observerOrNext) {
    const observer = typeof observerOrNext === 'function' ? { next: observerOrNext } : observerOrNext;
    const teardown = onSubscribe(observer);
    return { closed: false, unsubscribe() { this.closed = true; teardown?.(); } };
  },
});

export const createChatAdapter = ({ endpoint, userId, conversationId = newId() }) => {
  const observers = new Set();
  const emit = (activity) => observers.forEach((o) => o.next?.(activity));
  const post = (activity) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...activity, from: { id: userId }, conversation: { id: conversationId } }),
    }).then(async (r) => {
      if (r.ok) return r.json();
      // Rate-limited: the server's reviewed text (it carries the crisis line) is the reply.
      const body = r.status === 429 ? await r.json().catch(() => ({})) : {};
      if (typeof body.text === 'string') return { activities: [{ type: 'message', text: body.text, from: {} }] };
      throw new Error(`HTTP ${r.status}`);
    });
  // Client-side timestamps keep the order right whatever the server's clock says.
  const receive = (replyToId) => ({ activities = [] }) =>
    activities.forEach((a, i) =>
      emit({ ...a, id: a.id || newId(), from: { ...a.from, role: 'bot' }, replyToId, timestamp: new Date(Date.now() + 1 + i).toISOString() }),
    );
  let joined = false;

  return {
    connectionStatus$: observable((o) => { o.next?.(2); }), // 2 = Online: there is no connection to open
    activity$: observable((o) => {
      observers.add(o);
      if (!joined) {
        joined = true; // asks for the welcome, which carries the reviewed disclaimer
        setTimeout(() => post({ type: 'event', name: 'webchat/join' }).then(receive(undefined)).catch(() => {}));
      }
      return () => observers.delete(o);
    }),
    postActivity(activity) {
      const id = newId();
      // The echo comes only once the server has the message, so a failed request shows
      // "Send failed" instead of a message that looks delivered and never gets an answer.
      const sent = post(activity).then((body) => {
        emit({ ...activity, id, timestamp: new Date().toISOString() });
        receive(id)(body);
        return id;
      });
      return observable((o) => {
        sent.then((value) => { o.next?.(value); o.complete?.(); }, (error) => o.error?.(error));
      });
    },
    end() { observers.clear(); },
  };
};
