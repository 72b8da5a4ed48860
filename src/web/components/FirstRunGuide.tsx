// An installation without a plan leads whoever signs in to the next step: the admin creates the 督查室 account(s),
// the 督查室 may import the unit directory from .xlsx (optional: the notice import offers new units too) and imports
// the notice. Unit
// users and leaders only learn that the office has not imported yet.
import { Button, Card, Space, Steps } from 'antd';
import { Link } from 'react-router';
import { useUsers } from '../api/users';
import { useI18n } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

export function FirstRunGuide() {
  const { t } = useI18n();
  const me = useMe();
  const managesUsers = may(me, 'users.write');
  const users = useUsers(managesUsers);
  const imports = may(me, 'plans.import');
  if (!managesUsers && !imports) return null;
  const hasOffice = imports || (users.data ?? []).some((u) => u.role === 'supervisor' && !u.disabled);
  const current = hasOffice ? 2 : 0;
  return (
    <Card title={t('firstRun.title')} data-testid="first-run-guide" data-current={current} style={{ marginBottom: 16 }}>
      <Steps
        orientation="vertical"
        current={current}
        items={[
          {
            title: t('firstRun.office'),
            content: (
              <>
                <div>{t('firstRun.officeHint')}</div>
                {managesUsers && !hasOffice && (
                  <Link to="/users">
                    <Button type="primary" size="small" data-testid="first-run-users">
                      {t('firstRun.officeAction')}
                    </Button>
                  </Link>
                )}
              </>
            ),
          },
          {
            title: t('firstRun.units'),
            content: (
              <>
                <div>{t('firstRun.unitsHint')}</div>
                {imports && (
                  <Space wrap>
                    <Link to="/units?import=1">
                      <Button size="small" data-testid="first-run-units-import">
                        {t('firstRun.unitsImportAction')}
                      </Button>
                    </Link>
                    <Link to="/units">
                      <Button size="small" type="link" data-testid="first-run-units">
                        {t('firstRun.unitsAction')}
                      </Button>
                    </Link>
                  </Space>
                )}
              </>
            ),
          },
          {
            title: t('firstRun.notice'),
            content: (
              <>
                <div>{imports ? t('firstRun.noticeHint') : t('firstRun.noticeByOffice')}</div>
                {imports && (
                  <Link to="/imports/new">
                    <Button type="primary" size="small" data-testid="first-run-import">
                      {t('firstRun.noticeAction')}
                    </Button>
                  </Link>
                )}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
