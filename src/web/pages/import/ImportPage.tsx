// The notice import wizard: upload → preview (what the parser found, how the units match) → confirm.
// /imports/new is the upload step; /imports/:id is the draft of one upload (reload-safe), kept on the server:
// its tasks and warnings are read page by page (a notice may hold 100,000 tasks).

import { InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Spin, Upload, type UploadProps } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { MAX_NOTICE_BYTES, NOTICE_EXTENSIONS, useUploadNotice } from '../../api/imports';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { formatMb } from './importText';
import { WizardSteps } from './PreviewParts';
import { PreviewWizard } from './PreviewWizard';

export default function ImportPage() {
  const t = useT();
  const { id } = useParams();
  return (
    <div>
      <PageHeader title={t('import.title')} />
      {id ? <PreviewWizard id={id} /> : <UploadStep />}
    </div>
  );
}

// ---- step 1: upload ---------------------------------------------------------------------------

function UploadStep() {
  const t = useT();
  const navigate = useNavigate();
  const upload = useUploadNotice();
  const [localError, setLocalError] = useState<string | null>(null);

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const dot = file.name.lastIndexOf('.');
    const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
    if (!(NOTICE_EXTENSIONS as readonly string[]).includes(ext)) {
      setLocalError(t('import.badType', { name: file.name }));
    } else if (file.size > MAX_NOTICE_BYTES) {
      setLocalError(
        t('import.tooBig', { name: file.name, size: formatMb(file.size), max: formatMb(MAX_NOTICE_BYTES) }),
      );
    } else if (file.size === 0) {
      setLocalError(t('import.empty', { name: file.name }));
    } else {
      setLocalError(null);
      upload.mutate(file, { onSuccess: (preview) => navigate(`/imports/${preview.id}`) });
    }
    return Upload.LIST_IGNORE;
  };

  const error = localError ?? (upload.isError ? upload.error.message : null);
  return (
    <Card>
      <WizardSteps current={0} />
      <Spin spinning={upload.isPending} description={t('import.parsing')}>
        <Upload.Dragger
          accept={NOTICE_EXTENSIONS.join(',')}
          multiple={false}
          showUploadList={false}
          beforeUpload={beforeUpload}
          disabled={upload.isPending}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.dropHere')}</p>
          <p className="ant-upload-hint">{t('import.dropHint', { max: formatMb(MAX_NOTICE_BYTES) })}</p>
        </Upload.Dragger>
      </Spin>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />}
    </Card>
  );
}
