// The widget as its own document, for hosts that frame it: the same widget, with no SDK on this page, so
// the bridge finds parentFrame().
import { mountAccountHealth } from './widget.js';

mountAccountHealth(document.getElementById('widget-slot'));
