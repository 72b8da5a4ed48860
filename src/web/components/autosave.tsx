// Autosave of a versioned draft (a submission item, a ledger form): a save goes out `delayMs` after the last
// change, with the version the draft rests on; changes made while a save is on its way go out right after
// it. A 409 `version_conflict` stops saving (state `conflict`) until the page loads the server's copy:
// the user's text is never silently overwritten, nor does it silently overwrite someone else's.

import { CheckCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { useT } from '../i18n';

export const AUTOSAVE_DELAY_MS = 1500;

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

export const isVersionConflict = (error: unknown): boolean =>
  isApiError(error, 409) && error.code === 'version_conflict';

/** The server's copy from a 409 `version_conflict` (details.current), if it sent one. */
export function conflictCurrent<T>(error: unknown): T | null {
  if (!isVersionConflict(error) || !isApiError(error)) return null;
  const details = error.details as { current?: T } | null | undefined;
  return details?.current ?? null;
}

export interface Autosave<D> {
  state: SaveState;
  /** What the last failed save threw (an ApiError, or whatever `send` rejected with). */
  error: unknown;
  /** A new draft: saved after the delay. Ignored while in conflict. */
  change: (draft: D) => void;
  /** Another write of ours moved the server's version on (the draft's next save rests on it). */
  rebase: (version: number) => void;
  /** Start again from the server's copy at `version` (after a conflict): nothing pending, state saved. */
  restart: (version: number) => void;
}

export function useAutosave<D, R>({
  version: initialVersion,
  send,
  versionOf,
  onStateChange,
  delayMs = AUTOSAVE_DELAY_MS,
}: {
  /** The version the first draft rests on. */
  version: number;
  /** Saves a draft resting on `version`; resolves with the server's answer. */
  send: (draft: D, version: number) => Promise<R>;
  /** The version the server's answer is at, when it says. */
  versionOf: (result: R) => number | undefined;
  onStateChange?: (state: SaveState) => void;
  delayMs?: number;
}): Autosave<D> {
  const [state, setStateValue] = useState<SaveState>('saved');
  const [error, setError] = useState<unknown>(null);
  const version = useRef(initialVersion);
  const latest = useRef<{ draft: D } | null>(null);
  const current = useRef<SaveState>('saved');
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The callbacks of the latest render, so that `change` and friends stay stable.
  const callbacks = useRef({ send, versionOf, onStateChange });
  callbacks.current = { send, versionOf, onStateChange };

  const setState = useCallback((next: SaveState) => {
    current.current = next;
    setStateValue(next);
    callbacks.current.onStateChange?.(next);
  }, []);

  const flush = useCallback(() => {
    timer.current = null;
    const pending = latest.current;
    if (pending === null) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setState('saving');
    callbacks.current.send(pending.draft, version.current).then(
      (result) => {
        inFlight.current = false;
        const next = callbacks.current.versionOf(result);
        if (next !== undefined) version.current = next;
        if (current.current === 'conflict') return;
        if (again.current) {
          again.current = false;
          flush();
        } else if (timer.current === null) {
          setError(null);
          setState('saved');
        }
      },
      (failure: unknown) => {
        inFlight.current = false;
        again.current = false;
        setError(failure);
        setState(isVersionConflict(failure) ? 'conflict' : 'error');
      },
    );
  }, [setState]);

  // Leaving the page saves what is pending rather than dropping it.
  useEffect(
    () => () => {
      if (timer.current !== null) {
        clearTimeout(timer.current);
        flush();
      }
    },
    [flush],
  );

  const change = useCallback(
    (draft: D) => {
      if (current.current === 'conflict') return;
      latest.current = { draft };
      setState(inFlight.current ? 'saving' : 'dirty');
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delayMs);
    },
    [delayMs, flush, setState],
  );

  const rebase = useCallback((next: number) => {
    version.current = next;
  }, []);

  const restart = useCallback(
    (next: number) => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      version.current = next;
      latest.current = null;
      again.current = false;
      setError(null);
      setState('saved');
    },
    [setState],
  );

  return { state, error, change, rebase, restart };
}

/** 已保存 / 待保存 / 保存中 / 冲突 / 保存失败, with the state in `data-state` for tests. */
export function SavedMark({ state, message, testid }: { state: SaveState; message?: string; testid: string }) {
  const t = useT();
  const content: Record<SaveState, ReactNode> = {
    saved: (
      <Typography.Text type="success">
        <CheckCircleOutlined /> {t('autosave.saved')}
      </Typography.Text>
    ),
    dirty: <Typography.Text type="secondary">{t('autosave.dirty')}</Typography.Text>,
    saving: (
      <Typography.Text type="secondary">
        <LoadingOutlined /> {t('autosave.saving')}
      </Typography.Text>
    ),
    conflict: <Typography.Text type="danger">{t('autosave.conflict')}</Typography.Text>,
    error: <Typography.Text type="danger">{t('autosave.failed', { message: message ?? '' })}</Typography.Text>,
  };
  return (
    <span data-testid={testid} data-state={state} aria-live="polite">
      {content[state]}
    </span>
  );
}
