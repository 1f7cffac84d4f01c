/** Entry of widget.js: starts the loader for the script tag that loaded it. */
import { findScript, startLoader } from './loader';

void startLoader(window, findScript(document));
