// 关注 / 已关注 on a task, a 督办单 (and a unit on 我的关注): shown to the roles the server lets watch.

import { StarFilled, StarOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { WatchSubject } from '../../api/watches';
import { useSetWatch, useWatches } from '../api/watches';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';

export function WatchButton({ subjectType, subjectId }: { subjectType: WatchSubject; subjectId: string }) {
  const t = useT();
  const me = useMe();
  const allowed = may(me, 'watches.manage');
  const watches = useWatches(allowed);
  const setWatch = useSetWatch();
  if (!allowed) return null;
  const watched = (watches.data?.items ?? []).some((w) => w.subjectType === subjectType && w.subjectId === subjectId);
  return (
    <Button
      icon={watched ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
      loading={setWatch.isPending}
      disabled={watches.isPending}
      onClick={() =>
        setWatch.mutate(
          { subjectType, subjectId, watch: !watched },
          { onSuccess: () => notifySuccess(t(watched ? 'watch.removed' : 'watch.added')) },
        )
      }
      data-testid="watch-toggle"
      data-watched={watched}
    >
      {t(watched ? 'watch.watching' : 'watch.watch')}
    </Button>
  );
}
