// Loading, failure and "not allowed" states shared by the pages.

import { Button, Result, Spin } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../api/client';
import { translate, useI18n, useT } from '../i18n';

export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
      <Spin size="large" />
    </div>
  );
}

export function QueryError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const t = useT();
  if (isApiError(error, 404)) {
    return <Result status="404" title={t('common.notFound')} extra={<Link to="/">{t('common.backHome')}</Link>} />;
  }
  if (isApiError(error, 403)) return <Forbidden />;
  return (
    <Result
      status="error"
      title={t('common.loadFailed')}
      subTitle={error.message}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('common.forbidden')}
      extra={<Link to="/">{t('common.backHome')}</Link>}
      data-testid="forbidden"
    />
  );
}

export function NotFoundPage() {
  const t = useT();
  return <Result status="404" title={t('common.notFound')} extra={<Link to="/">{t('common.backHome')}</Link>} />;
}

interface BoundaryState {
  error: Error | null;
}

/** Catches render errors and failed lazy chunks (a new release replaced them): offers a reload. */
class BoundaryInner extends Component<{ children: ReactNode; lang: 'zh-CN' | 'en'; resetKey: string }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { lang } = this.props;
    return (
      <Result
        status="error"
        title={translate(lang, 'common.crashed')}
        subTitle={error.message}
        extra={<Button onClick={() => window.location.reload()}>{translate(lang, 'common.reload')}</Button>}
      />
    );
  }
}

export function ErrorBoundary({ children, resetKey = '' }: { children: ReactNode; resetKey?: string }) {
  const { lang } = useI18n();
  return (
    <BoundaryInner lang={lang} resetKey={resetKey}>
      {children}
    </BoundaryInner>
  );
}
