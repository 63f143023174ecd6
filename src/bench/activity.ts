/** A Bot Framework message activity whose replies come back in the HTTP response body. */
export const messageActivity = (text: string, ids: { activityId: string; conversationId: string; userId?: string }): string =>
  JSON.stringify({
    type: 'message',
    id: ids.activityId,
    channelId: 'webchat',
    // Never called: with expectReplies the adapter returns replies instead of posting them.
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    from: { id: ids.userId ?? `user-${ids.conversationId}` },
    recipient: { id: 'bot' },
    conversation: { id: ids.conversationId },
    locale: 'en-US',
    text,
  });
