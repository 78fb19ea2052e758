// Loaded first on the widget pages (the test's own listener, ahead of the vendor script): tells the host
// frame when a sibling's batch of forgeries has been received, so the host answers after them.
addEventListener('message', (event) => {
  if (event.data?.kind === 'sibling-done') parent.postMessage({ delivered: event.data.batch }, '*');
});
