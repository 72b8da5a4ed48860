// The Chinese words every generated document and sheet uses for the domain's values (the web has its own
// message catalogs): one table each, so a 台账, a 通报 and a 报送单 never disagree.

import type { Light } from '../../core/lights.js';
import type { ItemStatus } from '../../core/status.js';

export const STATUS_ZH: Record<ItemStatus, string> = {
  not_started: '未启动',
  on_track: '序时推进',
  completed: '已完成',
  lagging: '滞后',
  blocked: '受阻',
};
export const LEVEL_ZH: Record<string, string> = { province: '省级', city: '市级', district: '区级' };
export const LIGHT_ZH: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', grey: '未开始' };
export const ROLE_ZH = { lead: '牵头', responsible: '责任', co: '配合' } as const;
