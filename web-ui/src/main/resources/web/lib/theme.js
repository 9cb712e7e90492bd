// The page's colours: light or dark as the browser prefers (prefers-color-scheme), unless the user chose one in the
// header's theme menu (kept in this browser). style.css holds both palettes; this sets data-theme on <html>, which
// also lets the few rules that are not variables follow.
const KEY = 'tejun.theme';
export const THEMES = ['auto', 'light', 'dark'];
const darkMedia = window.matchMedia('(prefers-color-scheme: dark)');

export function chosenTheme() {
  const v = localStorage.getItem(KEY);
  return THEMES.includes(v) ? v : 'auto';
}

function apply() {
  const c = chosenTheme();
  document.documentElement.dataset.theme = c === 'auto' ? (darkMedia.matches ? 'dark' : 'light') : c;
}

export function setTheme(theme) {
  localStorage.setItem(KEY, theme);
  apply();
}

darkMedia.addEventListener('change', apply);
apply();
