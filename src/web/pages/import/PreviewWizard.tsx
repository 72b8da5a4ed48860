import { Alert, Badge, Button, Card, Descriptions, Flex, InputNumber, Popconfirm, Space, Tabs } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useConfirmImport, useDiscardImport, useImportPreview } from '../../api/imports';
import { PageLoading, QueryError } from '../../components/status';
import { useT } from '../../i18n';
import { notifySuccess } from '../../notify';
import { DraftTasks, Warnings } from './DraftLists';
import { Banners, DocumentInfo, SourceCards, UnitMatches, WizardSteps } from './PreviewParts';

// ---- steps 2 and 3: preview and confirm ---------------------------------------------------------

export function PreviewWizard({ id }: { id: string }) {
  const t = useT();
  const navigate = useNavigate();
  const preview = useImportPreview(id);
  const confirm = useConfirmImport();
  const discard = useDiscardImport();
  const submitting = useRef(false);
  const [step, setStep] = useState<1 | 2>(1);
  const [approved, setApproved] = useState<ReadonlySet<string>>(new Set());
  const [year, setYear] = useState<number | null>(null);

  const data = preview.data;
  const newUnits = useMemo(
    () => [...new Set((data?.units ?? []).filter((u) => u.match === 'new').map((u) => u.name))],
    [data],
  );

  if (preview.isPending) return <PageLoading />;
  if (preview.isError) return <QueryError error={preview.error} onRetry={() => preview.refetch()} />;
  const p = preview.data;

  const unapproved = newUnits.filter((name) => !approved.has(name));
  const documentYear = p.document.date ? Number(p.document.date.slice(0, 4)) : new Date().getFullYear();
  const effectiveYear = year ?? documentYear;
  const open = p.status === 'previewed';
  const canConfirm = open && unapproved.length === 0 && !confirm.isPending;

  const toggle = (name: string, on: boolean) =>
    setApproved((previous) => {
      const next = new Set(previous);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const submit = () => {
    if (!canConfirm || submitting.current) return;
    submitting.current = true;
    confirm.mutate(
      { id, body: { approveNewUnits: newUnits, year: effectiveYear } },
      {
        onSuccess: (result) => {
          notifySuccess(t('import.confirmed'));
          navigate(`/plans/${result.planId}`);
        },
        onSettled: () => {
          submitting.current = false;
        },
      },
    );
  };

  return (
    <Card>
      <WizardSteps current={step} />
      <Banners preview={p} />

      {step === 1 && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <DocumentInfo preview={p} />
          <SourceCards sources={p.sources} />
          <Tabs
            items={[
              {
                key: 'units',
                label: (
                  <Space size={6}>
                    {t('import.unitsTab')}
                    {newUnits.length > 0 && (
                      <Badge
                        count={unapproved.length}
                        overflowCount={999}
                        showZero
                        color={unapproved.length ? 'orange' : 'green'}
                      />
                    )}
                  </Space>
                ),
                children: (
                  <UnitMatches
                    units={p.units}
                    approved={approved}
                    onToggle={toggle}
                    onApproveAll={() => setApproved(new Set(newUnits))}
                    editable={open}
                  />
                ),
              },
              {
                key: 'tasks',
                label: (
                  <Space size={6}>
                    {t('import.tasksTab')}
                    <Badge count={p.taskCount} showZero overflowCount={999999} color="blue" />
                  </Space>
                ),
                children: (
                  <DraftTasks
                    id={id}
                    first={p.tasks}
                    editable={open}
                    corrections={p.corrections}
                    taskCount={p.taskCount}
                  />
                ),
              },
              {
                key: 'warnings',
                label: (
                  <Space size={6}>
                    {t('import.warningsTab')}
                    <Badge
                      count={p.warningCount}
                      showZero
                      overflowCount={999999}
                      color={p.warningCount ? 'gold' : 'green'}
                      data-testid="import-warning-count"
                    />
                  </Space>
                ),
                children: <Warnings id={id} first={p.warnings} />,
              },
            ]}
          />
          <Flex justify="space-between">
            <Space>
              <Button onClick={() => navigate('/imports/new')} data-testid="import-restart">
                {t('import.uploadAnother')}
              </Button>
              {open && (
                <Popconfirm
                  title={t('import.discardConfirm')}
                  onConfirm={() =>
                    discard.mutate(id, {
                      onSuccess: () => {
                        notifySuccess(t('import.discarded'));
                        navigate('/imports/new');
                      },
                    })
                  }
                >
                  <Button danger loading={discard.isPending} data-testid="import-discard">
                    {t('import.discard')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
            <Button type="primary" onClick={() => setStep(2)} data-testid="import-next">
              {t('common.next')}
            </Button>
          </Flex>
        </Space>
      )}

      {step === 2 && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'title', label: t('import.docTitle'), children: p.document.title ?? p.fileName },
              { key: 'docNo', label: t('import.docNo'), children: p.document.docNo ?? '—' },
              {
                key: 'tasks',
                label: t('import.taskCount'),
                children: t('import.tasksBySource', {
                  total: p.sources.reduce((sum, s) => sum + s.taskCount, 0),
                  sources: p.sources.length,
                }),
              },
              {
                key: 'units',
                label: t('import.newUnits'),
                children: t('import.approvedOf', {
                  approved: newUnits.length - unapproved.length,
                  total: newUnits.length,
                }),
              },
              {
                key: 'warnings',
                label: t('import.warningsTab'),
                children: p.warningCount,
              },
              {
                key: 'year',
                label: t('import.year'),
                children: (
                  <InputNumber
                    min={2000}
                    max={2100}
                    precision={0}
                    value={effectiveYear}
                    onChange={(value) => setYear(typeof value === 'number' ? value : null)}
                    disabled={!open}
                    data-testid="import-year"
                  />
                ),
              },
            ]}
          />
          {unapproved.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('import.mustApprove', { count: unapproved.length })}
              action={
                <Button size="small" onClick={() => setStep(1)}>
                  {t('import.backToReview')}
                </Button>
              }
              data-testid="import-unapproved"
            />
          )}
          {confirm.isError && <Alert type="error" showIcon title={confirm.error.message} />}
          <Flex justify="space-between">
            <Button onClick={() => setStep(1)} disabled={confirm.isPending} data-testid="import-back">
              {t('common.previous')}
            </Button>
            <Button
              type="primary"
              onClick={submit}
              disabled={!canConfirm}
              loading={confirm.isPending}
              data-testid="import-confirm"
            >
              {p.revises ? t('import.confirmRevision') : t('import.confirm')}
            </Button>
          </Flex>
        </Space>
      )}
    </Card>
  );
}
