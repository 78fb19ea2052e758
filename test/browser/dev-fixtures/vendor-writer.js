// No widget-bridge here: what a Writer extension written against the Sigma SDK does.
const out = document.getElementById('out');
let beforeLoad;
const app = SigmaSDK.WRITER.init(async () => {
  try {
    const answer = await app.request({ url: 'https://api.example.com/greetings/7', type: 'GET', connectionLinkName: 'greetings' });
    const doc = await app.get(['document']);
    out.textContent = JSON.stringify({ beforeLoad, answer, doc });
  } catch (error) {
    out.textContent = JSON.stringify({ error });
  }
  out.dataset.done = 'true';
});
try {
  app.request({ url: 'https://api.example.com/too-early', type: 'GET', connectionLinkName: 'greetings' });
} catch (error) {
  beforeLoad = error.message;
}
