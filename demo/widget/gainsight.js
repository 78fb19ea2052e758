// The widget's entry on Gainsight, a classic script as Customer Community runs them: it mounts the same
// Account health widget into the shadow root the community gave the widget. (A classic script's dynamic
// import resolves against the script's own URL.)
import('./widget.js').then(({ mountAccountHealth }) => mountAccountHealth(document.getElementById('gs-widget').shadowRoot));
