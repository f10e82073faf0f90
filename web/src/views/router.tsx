/**
 * The page's places, in the URL so they can be linked and reloaded (the daemon answers any
 * non-file path with index.html): `/` the cluster, `/operations` the log, `/operations/:id` one
 * operation. History API; links are real <a href> so they open in new tabs and take the keyboard.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Place = { readonly page: 'cluster' } | { readonly page: 'history'; readonly query: string } | { readonly page: 'operation'; readonly id: string } | { readonly page: 'missing'; readonly path: string };

export function placeOf(path: string, search: string): Place {
  if (path === '/' || path === '') return { page: 'cluster' };
  if (path === '/operations' || path === '/operations/') return { page: 'history', query: search };
  const match = /^\/operations\/([^/]+)$/.exec(path);
  if (match?.[1] !== undefined) return { page: 'operation', id: decodeURIComponent(match[1]) };
  return { page: 'missing', path };
}

const NAVIGATED = 'wolfpack:navigated';

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function usePlace(): Place {
  const read = (): Place => placeOf(location.pathname, location.search);
  const [place, setPlace] = useState(read);
  useEffect(() => {
    const changed = (): void => setPlace(read());
    window.addEventListener('popstate', changed);
    window.addEventListener(NAVIGATED, changed);
    return () => {
      window.removeEventListener('popstate', changed);
      window.removeEventListener(NAVIGATED, changed);
    };
  }, []);
  return place;
}

/** An <a> that navigates in the page on a plain click and behaves as a link otherwise. */
export function Link(props: { href: string; class?: string; children: ComponentChildren; 'aria-current'?: 'page' | undefined }) {
  const onClick = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} class={props.class} onClick={onClick} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}
