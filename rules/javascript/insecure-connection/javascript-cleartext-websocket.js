// ruleid: javascript-cleartext-websocket
const feed = new WebSocket('ws://feed.example.com/prices');
// ok: javascript-cleartext-websocket
const secure = new WebSocket('wss://feed.example.com/prices');
// ok: javascript-cleartext-websocket
const local = new WebSocket('ws://localhost:8080/dev');
// ruleid: javascript-cleartext-websocket
const chat = new WebSocket(`ws://chat.example.com/rooms/${encodeURIComponent('lobby')}`);

export { feed, secure, local, chat };
