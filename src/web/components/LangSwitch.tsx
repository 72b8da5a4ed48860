import { GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useI18n } from '../i18n';

/** Toggles 中文 ⇄ English; server messages (parser warnings, errors) are fetched again in the new language. */
export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => {
        setLang(lang === 'en' ? 'zh-CN' : 'en');
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      }}
      data-testid="lang-switch"
    >
      {t('lang.other')}
    </Button>
  );
}
