import { createChatAdapter, newId } from './chat-adapter.js';

const userId = `u-${newId()}`;
const { renderMarkdown } = window.WebChat;

// Bare domains in replies (988lifeline.org) autolink as http://; every link on this page opens as https.
const httpsOnly = (markdown, ...options) => renderMarkdown(markdown, ...options).replace(/href="http:\/\//g, 'href="https://');

window.WebChat.renderWebChat(
  {
    directLine: createChatAdapter({ endpoint: '/api/web/messages', userId }),
    userID: userId,
    locale: navigator.language || 'en-US',
    renderMarkdown: httpsOnly,
    styleOptions: {
      accent: '#0b57d0',
      primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      bubbleMinWidth: 0,
      bubbleMaxWidth: 640,
      hideUploadButton: true,
      sendBoxTextWrap: true,
      // The first answer after start-up can take a while; do not call it failed too soon.
      sendTimeout: 60000,
    },
  },
  document.getElementById('webchat'),
);
