import type { Language, Translation } from './language.js';

/** Words the shared components use; each app adds its own dictionary on top. */

const en = {
  'language.label': 'Language',
  'language.zh-CN': '中文',
  'language.en': 'English',
  'common.close': 'Close',
  'common.cancel': 'Cancel',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.load_more': 'Load more',
  'common.end_of_list': 'That is everything.',
  'common.required': 'required',
  'common.skip_to_content': 'Skip to content',
  'upcoming.title': 'Arrives with the {api} API',
  'upcoming.body': 'This screen is ready for it: it will show real data as soon as the {api} API is part of this server. Nothing here is made up in the meantime.',
  'error.heading': 'The request failed',
  'error.code': 'Code',
  'error.request_id': 'Request id',
  'error.fields': 'Fields to correct',
  'error.network': 'The server could not be reached. Check the connection and try again.',
  'error.unexpected': 'The server answered in an unexpected way (HTTP {status}).',
  'chart.no_data': 'No data yet',
  'chart.summary': 'Lowest {min}, highest {max}, last {last} (points: {count})',
} as const;

const zh: Translation<typeof en> = {
  'language.label': '语言',
  'language.zh-CN': '中文',
  'language.en': 'English',
  'common.close': '关闭',
  'common.cancel': '取消',
  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.load_more': '加载更多',
  'common.end_of_list': '已全部加载。',
  'common.required': '必填',
  'common.skip_to_content': '跳到正文',
  'upcoming.title': '将随 {api} API 上线',
  'upcoming.body': '此页面已就绪：{api} API 加入本服务后即显示真实数据。在此之前这里不显示任何虚构数据。',
  'error.heading': '请求失败',
  'error.code': '错误码',
  'error.request_id': '请求 ID',
  'error.fields': '需要修改的字段',
  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.unexpected': '服务器返回了意外的响应（HTTP {status}）。',
  'chart.no_data': '暂无数据',
  'chart.summary': '最低 {min}，最高 {max}，最新 {last}（共 {count} 个点）',
};

export type SharedKey = keyof typeof en;

export const sharedMessages: Record<Language, Translation<typeof en>> = { en, 'zh-CN': zh };
