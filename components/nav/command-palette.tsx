"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { searchPaletteAction } from "@/app/(console)/actions";
import type { PaletteResults } from "@/lib/search/palette";
import { cx } from "@/lib/ui/cn";

// The command palette: Ctrl/⌘+K (or the sidebar's Search button) opens a modal <dialog> with
// one combobox. It lists the pages the role may open and the console's main actions at once,
// the current page's own main actions (buttons marked data-command), and after two
// characters the projects by name and a run by id or external id (a server action that reads
// only what the caller may see). Arrow keys move, Enter opens, Escape closes. Outside the
// palette, "/" focuses the page's search field.

export type PaletteLink = { label: string; href: string; hint?: string };
type Item = { key: string; group: string; label: string; hint?: string; run: () => void };

const EDITABLE = "input, textarea, select, [contenteditable=''], [contenteditable='true']";
const PAGE_SEARCH = 'main input[type="search"], main input[name="q"]';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest(EDITABLE);
}

const matches = (text: string, q: string) => text.toLowerCase().includes(q.toLowerCase());

export function CommandPalette({ pages, actions }: { pages: PaletteLink[]; actions: PaletteLink[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [found, setFound] = useState<{ q: string; results: PaletteResults } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pageCommands, setPageCommands] = useState<{ label: string; element: HTMLElement }[]>([]);
  const [searching, startSearch] = useTransition();
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((v) => !v);
      } else if (e.key === "/" && !e.metaKey && !e.ctrlKey && !e.altKey && !isTyping(e.target) && !dialog.current?.open) {
        const search = document.querySelector<HTMLInputElement>(PAGE_SEARCH);
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      // The page's own main actions, read when the palette opens (the page may have changed).
      setPageCommands(
        [...document.querySelectorAll<HTMLElement>("main [data-command]")]
          .filter((el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null)
          .map((element) => ({ label: element.dataset.command!, element })),
      );
      d.showModal();
      input.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  // Projects and runs, once two characters are typed; a stale answer (the query moved on) is dropped.
  useEffect(() => {
    const q = query.trim();
    if (!open || q.length < 2) return;
    const timer = setTimeout(() => {
      startSearch(async () => {
        const result = await searchPaletteAction({ q });
        if (result.ok) {
          setFound({ q, results: result.data });
          setError(null);
        } else setError(result.error);
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [query, open]);

  const close = () => setOpen(false);
  const go = (href: string) => () => {
    close();
    router.push(href);
  };
  const q = query.trim();
  const results = found && q.length >= 2 && found.q === q ? found.results : null;
  const items: Item[] = [
    ...pageCommands.filter((c) => !q || matches(c.label, q)).map((c, i) => ({ key: `cmd-${i}`, group: "On this page", label: c.label, run: () => (close(), c.element.click()) })),
    ...pages.filter((p) => !q || matches(p.label, q)).map((p) => ({ key: `page-${p.href}`, group: "Pages", label: p.label, hint: p.href, run: go(p.href) })),
    ...actions.filter((a) => !q || matches(a.label, q)).map((a) => ({ key: `action-${a.label}`, group: "Actions", label: a.label, hint: a.hint, run: go(a.href) })),
    ...(results?.projects ?? []).map((p) => ({ key: `project-${p.slug}`, group: "Projects", label: p.name, hint: p.slug, run: go(`/projects/${p.slug}`) })),
    ...(results?.runs ?? []).map((r) => ({ key: `run-${r.id}`, group: "Runs", label: r.name, hint: `${r.projectSlug} · ${r.status}${r.externalId ? ` · ${r.externalId}` : ""}`, run: go(`/projects/${r.projectSlug}/runs/${r.id}`) })),
  ];
  const current = Math.min(active, Math.max(0, items.length - 1));

  const onInputKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (items.length) setActive((current + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      items[current]?.run();
    }
  };

  let lastGroup = "";
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="flex h-9 w-full items-center justify-between gap-2 rounded-md border bg-background px-3 text-sm text-muted-foreground hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      >
        <span className="truncate">Search…</span>
        <kbd className="shrink-0 rounded border px-1.5 font-mono text-xs whitespace-nowrap">Ctrl K</kbd>
      </button>
      <dialog
        ref={dialog}
        aria-label="Command palette"
        onClose={() => {
          setOpen(false);
          setQuery("");
          setActive(0);
        }}
        onClick={(e) => e.target === e.currentTarget && close()}
        className="mx-auto mt-[12vh] w-[min(40rem,calc(100vw-2rem))] rounded-lg border bg-card p-0 text-card-foreground shadow-xl backdrop:bg-black/40"
      >
        <div className="border-b p-3">
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-label="Search pages, actions, projects and runs"
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-activedescendant={items.length ? optionId(current) : undefined}
            aria-autocomplete="list"
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onInputKey}
            placeholder="Page, action, project name, run id or external id"
            className="h-10 w-full rounded-md border border-input bg-background px-3 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
          />
        </div>
        <ul id={listId} role="listbox" aria-label="Results" className="max-h-[50vh] overflow-y-auto p-2">
          {items.map((item, i) => {
            const heading = item.group !== lastGroup ? item.group : null;
            lastGroup = item.group;
            return (
              <li
                key={item.key}
                id={optionId(i)}
                role="option"
                aria-selected={i === current}
                onMouseMove={() => i !== current && setActive(i)}
                onClick={item.run}
                className={cx("flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-3 py-2 text-sm", i === current && "bg-muted")}
              >
                <span className="min-w-0 truncate">
                  {heading ? <span className="mr-2 text-xs font-medium text-muted-foreground">{heading}</span> : null}
                  {item.label}
                </span>
                {item.hint ? <span className="shrink-0 truncate font-mono text-xs text-muted-foreground">{item.hint}</span> : null}
              </li>
            );
          })}
        </ul>
        <p role="status" className="border-t px-4 py-2 text-xs text-muted-foreground">
          {error ? error : searching ? "Searching projects and runs…" : items.length === 0 ? `Nothing matches “${q}”.` : q.length < 2 ? "Type two characters to search projects and runs. ↑↓ to move, Enter to open, Esc to close." : `${items.length} result${items.length === 1 ? "" : "s"}`}
        </p>
      </dialog>
    </>
  );
}
