/**
 * Which view the page shows, from the address bar's #fragment: the one place that reads it.
 * The query (the experiment) is ExperimentState's.
 */
import { tick } from 'svelte';

export type View = 'lab' | 'practice' | 'checklist';

export const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'lab', label: 'Lab' },
  { id: 'practice', label: 'Interview practice' },
  { id: 'checklist', label: 'Review checklist' },
];

/** Every fragment but a view's own is the lab (a section link such as #transfer-demo included). */
export function viewOfHash(hash: string): View {
  return ['#practice', '#checklist'].includes(hash) ? (hash.slice(1) as View) : 'lab';
}

export class ViewState {
  current = $state<View>(viewOfHash(location.hash));

  /** Follows the fragment as links and Back/Forward change it; returns the function that stops. */
  follow(): () => void {
    const onHashChange = async () => {
      this.current = viewOfHash(location.hash);
      // A link to a section of the lab (a card's "Try it") from another view: the browser
      // looked for its target while the lab was still hidden, so scroll once it is shown.
      const target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
      if (this.current === 'lab' && target) {
        await tick();
        target.scrollIntoView({ block: 'start' });
      }
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }
}
