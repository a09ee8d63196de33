import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// npm run bench: navigation to here is loading and evaluating the page's scripts.
performance.mark('init-lab:scripts-evaluated');
// Evaluating the scripts took this task; mounting every panel is about as long again. Each
// gets a task of its own, so neither makes a long one, and the browser may paint between.
await new Promise((resolve) => setTimeout(resolve, 0));
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
performance.mark('init-lab:mount-start');
const app = mount(App, { target });
performance.measure('init-lab:mount', 'init-lab:mount-start');
export default app;
