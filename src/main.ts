import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// npm run bench: navigation to here is loading and evaluating the page's scripts.
performance.mark('init-lab:scripts-evaluated');
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
const app = mount(App, { target });
performance.measure('init-lab:mount', 'init-lab:scripts-evaluated');
export default app;
