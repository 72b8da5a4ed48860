// One 通报, laid out as the document it prints as: title and number, the opening, 一、总体推进情况 (with the
// figures by source), 二、报送情况, 三、存在的问题 (the laggard tasks) and its 协调事项和督办单, 四、表扬,
// 五、下步要求. While it is a draft the office words it here: every paragraph and the title save themselves
// with the version they rest on (a 409 stops saving until the office loads the other copy), the laggard
// tasks and commendation proposals of the data are ticked to be named, 刷新数据 refreshes the figures and
// keeps the wording, 发布 numbers it (the next free 督查通报〔年〕N号 suggested) and freezes it.
// Published, it reads the same for everyone, showing only what was named; .docx and .xlsx download.

import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Popconfirm, Skeleton, Space, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { bulletinKeys, fetchBulletin, useBulletin, useRegenerateBulletin, useSaveBulletin } from '../../api/bulletins';
import { isApiError } from '../../api/client';
import type { Bulletin } from '../../api/types';
import { SavedMark, useAutosave } from '../../components/autosave';
import { InstructionButton } from '../../components/InstructionButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/status';
import { useT } from '../../i18n';
import { notifySuccess } from '../../notify';
import { testId } from '../../testId';
import { BulletinDocument, Downloads, MetaCard } from './BulletinDocument';
import { type Editing, InvalidTitle, rootAttributes, TITLE_MAX, titleSchema, type Values } from './model';
import { CorrectButton, CorrectionLinks, EditCorrectionButton, PublishButton, SignoffCard } from './Signoff';

// ---- the page -------------------------------------------------------------------------------------------

export default function BulletinPage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const bulletin = useBulletin(id);
  const b = bulletin.data;
  // A correction's figures and wording are the original's: only its own text is edited (in the reader).
  const editable = Boolean(b && b.status === 'draft' && b.abilities.manage && !b.corrects);

  return (
    <div>
      <PageHeader
        title={b ? (b.number ?? t('bulletin.draftTitle')) : t('bulletin.title')}
        extra={
          <>
            {b && <InstructionButton subjectType="bulletin" subjectId={b.id} />}
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(b ? `/bulletins?planId=${encodeURIComponent(b.planId)}` : '/bulletins')}
              data-testid="bulletin-back"
            >
              {t('bulletin.back')}
            </Button>
          </>
        }
      />
      {bulletin.isError ? (
        isApiError(bulletin.error, 404) ? (
          <Alert type="warning" showIcon title={t('bulletin.notFound')} data-testid="bulletin-not-found" />
        ) : (
          <QueryError error={bulletin.error} onRetry={() => bulletin.refetch()} />
        )
      ) : b ? (
        editable ? (
          // Keyed by bulletin: another bulletin's editor starts from its own text.
          <BulletinEditor key={b.id} bulletin={b} />
        ) : (
          <BulletinReader bulletin={b} />
        )
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function BulletinReader({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  const values = { title: bulletin.title, draft: bulletin.draft };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} {...rootAttributes(bulletin, values)}>
      <MetaCard
        bulletin={bulletin}
        actions={
          <>
            <EditCorrectionButton bulletin={bulletin} />
            {bulletin.status === 'draft' && bulletin.abilities.manage && <PublishButton bulletin={bulletin} />}
            <CorrectButton bulletin={bulletin} />
            <Downloads bulletin={bulletin} />
          </>
        }
      />
      <CorrectionLinks bulletin={bulletin} />
      {bulletin.status === 'draft' && <SignoffCard bulletin={bulletin} />}
      {bulletin.status === 'draft' && !bulletin.abilities.manage && (
        <Alert type="info" showIcon title={t('bulletin.draftReadOnly')} data-testid="bulletin-draft-note" />
      )}
      <BulletinDocument bulletin={bulletin} values={values} />
    </Space>
  );
}

function BulletinEditor({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  const queryClient = useQueryClient();
  const save = useSaveBulletin(bulletin.id);
  const regenerate = useRegenerateBulletin(bulletin.id);
  const [values, setValues] = useState<Values>({ title: bulletin.title, draft: bulletin.draft });
  // The latest values, so that two changes between renders build on each other.
  const latest = useRef(values);
  const autosave = useAutosave<Values, Bulletin>({
    version: bulletin.version,
    send: (next, version) => {
      const title = next.title.trim();
      if (!titleSchema.safeParse(title).success) {
        return Promise.reject(new InvalidTitle(t('bulletin.titleRule', { max: TITLE_MAX })));
      }
      return save.mutateAsync({ version, title, draft: next.draft });
    },
    versionOf: (saved) => saved.version,
  });
  const { state, error } = autosave;
  const conflict = state === 'conflict';
  const publishedMeanwhile = isApiError(error, 409) && error.code === 'bulletin_published';

  const update = (patch: Partial<Values>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setValues(next);
    autosave.change(next);
  };
  const editing: Editing = {
    disabled: conflict || publishedMeanwhile,
    setTitle: (title) => update({ title }),
    setParagraph: (key, text) => update({ draft: { ...latest.current.draft, [key]: text } }),
    setNamed: (namedTaskIds) => update({ draft: { ...latest.current.draft, namedTaskIds } }),
    setCommended: (commendedUnitIds) => update({ draft: { ...latest.current.draft, commendedUnitIds } }),
    setShowInstructions: (showInstructions) => update({ draft: { ...latest.current.draft, showInstructions } }),
  };

  /** After a conflict (or a publication elsewhere): the server's copy replaces the text on screen. */
  const loadServer = async () => {
    const fresh = await fetchBulletin(bulletin.id);
    queryClient.setQueryData(bulletinKeys.one(bulletin.id), fresh);
    const next = { title: fresh.title, draft: fresh.draft };
    latest.current = next;
    setValues(next);
    autosave.restart(fresh.version);
  };

  const busy = state !== 'saved';
  const waitHint = busy ? t('bulletin.saveFirst') : undefined;
  const errorMessage = error instanceof Error ? error.message : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} {...rootAttributes(bulletin, values)}>
      <MetaCard
        bulletin={bulletin}
        saved={<SavedMark state={state} message={errorMessage} testid="bulletin-saved" />}
        actions={
          <>
            <Tooltip title={waitHint}>
              <Popconfirm
                title={t('bulletin.regenerateTitle')}
                description={<div style={{ maxWidth: 320 }}>{t('bulletin.regenerateHint')}</div>}
                okText={t('bulletin.regenerate')}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  regenerate.mutate(undefined, {
                    onSuccess: (next) => {
                      autosave.rebase(next.version);
                      notifySuccess(t('bulletin.regenerated'));
                    },
                  })
                }
                okButtonProps={testId('bulletin-regenerate-confirm')}
                disabled={busy}
              >
                <Button
                  icon={<ReloadOutlined />}
                  loading={regenerate.isPending}
                  disabled={busy}
                  data-testid="bulletin-regenerate"
                >
                  {t('bulletin.regenerate')}
                </Button>
              </Popconfirm>
            </Tooltip>
            <PublishButton bulletin={bulletin} busy={busy} />
            <Downloads bulletin={bulletin} disabled={busy} />
          </>
        }
      />
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t('bulletin.conflict')}
          description={t('bulletin.conflictHint')}
          action={
            <Button size="small" onClick={() => void loadServer()} data-testid="bulletin-load-server">
              {t('bulletin.loadServer')}
            </Button>
          }
          data-testid="bulletin-conflict"
        />
      )}
      {publishedMeanwhile && (
        <Alert
          type="warning"
          showIcon
          title={t('bulletin.publishedMeanwhile')}
          action={
            <Button size="small" onClick={() => void loadServer()}>
              {t('bulletin.loadServer')}
            </Button>
          }
        />
      )}
      {state === 'error' && !publishedMeanwhile && !(error instanceof InvalidTitle) && errorMessage && (
        <Alert type="error" showIcon title={errorMessage} />
      )}
      <SignoffCard bulletin={bulletin} busy={busy} onChanged={(next) => autosave.rebase(next.version)} />
      <Alert type="info" showIcon title={t('bulletin.editHint')} />
      <BulletinDocument
        bulletin={bulletin}
        values={values}
        editing={editing}
        titleInvalid={state === 'error' && error instanceof InvalidTitle}
      />
    </Space>
  );
}

// ---- the card above the document ------------------------------------------------------------------------
