/** One person of the demo organisation (ids p01…p12); reused by the workflow demo for scorecards. */
export interface DemoPerson {
  id: string;
  name: string;
  department: '市场部' | '销售部';
  team: string;
  title: string;
  email: string;
  managerId: string | null;
  role: 'admin' | 'manager' | 'analyst' | 'hr' | 'member';
}

/** Team names of the demo organisation. */
export const DEMO_TEAMS = {
  growth: '增长团队',
  content: '内容团队',
  sales: '销售团队',
  lead: '市场部管理',
} as const;

/** The demo organisation: a marketing director, two marketing teams (growth, content), sales, and an HRBP. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  p('p01', '王建国', '市场部', DEMO_TEAMS.lead, '市场总监', 'wangjianguo', null, 'admin'),
  p('p02', '李娜', '市场部', DEMO_TEAMS.growth, '增长经理', 'lina', 'p01', 'manager'),
  p('p03', '张伟', '市场部', DEMO_TEAMS.growth, 'SEM专员', 'zhangwei', 'p02', 'member'),
  p('p04', '刘洋', '市场部', DEMO_TEAMS.growth, '信息流投放专员', 'liuyang', 'p02', 'member'),
  p('p05', '陈静', '市场部', DEMO_TEAMS.growth, '数据分析师', 'chenjing', 'p02', 'analyst'),
  p('p06', '杨帆', '市场部', DEMO_TEAMS.content, '新媒体经理', 'yangfan', 'p01', 'manager'),
  p('p07', '赵敏', '市场部', DEMO_TEAMS.content, '内容运营', 'zhaomin', 'p06', 'member'),
  p('p08', '黄磊', '市场部', DEMO_TEAMS.content, '短视频运营', 'huanglei', 'p06', 'member'),
  p('p09', '周婷', '市场部', DEMO_TEAMS.content, '社区运营', 'zhouting', 'p06', 'member'),
  p('p10', '吴强', '销售部', DEMO_TEAMS.sales, '销售经理', 'wuqiang', null, 'manager'),
  p('p11', '孙丽', '销售部', DEMO_TEAMS.sales, '大客户销售', 'sunli', 'p10', 'member'),
  p('p12', '郑华', '市场部', DEMO_TEAMS.lead, 'HRBP', 'zhenghua', 'p01', 'hr'),
];

function p(
  id: string,
  name: string,
  department: DemoPerson['department'],
  team: string,
  title: string,
  login: string,
  managerId: string | null,
  role: DemoPerson['role'],
): DemoPerson {
  return { id, name, department, team, title, email: `${login}@example.com`, managerId, role };
}

/** Marketing members who write weekly reports. */
export const WEEKLY_REPORTERS = ['p03', 'p04', 'p05', 'p07', 'p08', 'p09'] as const;
/** Team leads who write monthly reports. */
export const MONTHLY_REPORTERS = ['p02', 'p06'] as const;
/** Sales people who own leads after marketing hands them over. */
export const SALES_OWNERS = ['p10', 'p11', 'p11'] as const;
