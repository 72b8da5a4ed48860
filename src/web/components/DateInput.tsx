// A calendar date field on antd's DatePicker (a browser's bare date input looks and behaves differently in every
// browser, and not like the rest of the form). The value stays what the forms and the API use: an ISO day
// ('YYYY-MM-DD'), or '' when cleared; with `showTime`, a day and a minute as a browser's datetime field writes it
// ('YYYY-MM-DDTHH:mm', read in China Standard Time by format.ts's fromCstInput).

import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n';

const FORMAT = 'YYYY-MM-DD';
const MINUTE_VALUE = 'YYYY-MM-DDTHH:mm';
const MINUTE_SHOWN = 'YYYY-MM-DD HH:mm';

export interface DateInputProps {
  value?: string | null;
  onChange?: (value: string) => void;
  /** The earliest day that may be chosen (ISO). */
  min?: string;
  /** The latest day that may be chosen (ISO). */
  max?: string;
  style?: CSSProperties;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  /** A day and its minute (a period's due time) rather than a day. */
  showTime?: boolean;
  'data-testid'?: string;
}

export function DateInput({ value, onChange, min, max, style, showTime, ...rest }: DateInputProps) {
  // Month and weekday names follow the interface language.
  dayjs.locale(useI18n().lang === 'en' ? 'en' : 'zh-cn');
  const valueFormat = showTime ? MINUTE_VALUE : FORMAT;
  const day = value ? dayjs(value, valueFormat) : null;
  return (
    <DatePicker
      {...rest}
      format={showTime ? MINUTE_SHOWN : FORMAT}
      showTime={showTime ? { format: 'HH:mm' } : undefined}
      value={day?.isValid() ? day : null}
      onChange={(next: Dayjs | null) => onChange?.(next ? next.format(valueFormat) : '')}
      disabledDate={
        min || max ? (d: Dayjs) => (!!min && d.isBefore(min, 'day')) || (!!max && d.isAfter(max, 'day')) : undefined
      }
      style={{ width: '100%', maxWidth: showTime ? 260 : 220, ...style }}
    />
  );
}
