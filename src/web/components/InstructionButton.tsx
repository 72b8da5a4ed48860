// 写批示 on a task, a signed report, a 督办单 or a bulletin: a modal with the text, for the roles the server lets
// write (district leaders). The server checks the subject (a report must be signed); its refusal is shown as is.

import { EditOutlined } from '@ant-design/icons';
import { Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { INSTRUCTION_TEXT_MAX, type InstructionSubject } from '../../api/instructions';
import { useWriteInstruction } from '../api/instructions';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';

export function InstructionButton({ subjectType, subjectId }: { subjectType: InstructionSubject; subjectId: string }) {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const write = useWriteInstruction();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  if (!may(me, 'instructions.write')) return null;
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="instruction-write">
        {t('instruction.write')}
      </Button>
      <Modal
        open={open}
        title={t('instruction.writeTitle')}
        onCancel={() => setOpen(false)}
        okText={t('instruction.submit')}
        okButtonProps={{
          disabled: body.trim() === '',
          loading: write.isPending,
          ...({ 'data-testid': 'instruction-submit' } as object),
        }}
        onOk={() =>
          write.mutate(
            { subjectType, subjectId, body },
            {
              onSuccess: (i) => {
                notifySuccess(t('instruction.written'));
                setOpen(false);
                setBody('');
                navigate(`/instructions/${i.id}`);
              },
            },
          )
        }
        destroyOnHidden
      >
        <Input.TextArea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={INSTRUCTION_TEXT_MAX}
          showCount
          placeholder={t('instruction.bodyPlaceholder')}
          data-testid="instruction-body"
        />
      </Modal>
    </>
  );
}
