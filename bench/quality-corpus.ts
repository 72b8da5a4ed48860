// A labelled set of report texts for the quality flags (bench/quality.ts), written by hand in the style of a
// district unit's quarterly progress report on the tasks of the bundled notice. Every case carries the flags a
// supervision officer would expect; the labels were written before the rules were run on them (no tuning on
// this set: the figures in docs/design.md are the first run's). Cases are built from hand-written texts:
//   genuine        a real update against last quarter's text; also "same frame, new figures" (a template kept,
//                  every figure updated: genuine, the hard negative for copied)
//   copied         last quarter's text again: unchanged, punctuation only, the quarter renamed, a line added
//   stock          only stock phrases (first period, or after a genuine text); and stock phrases around real
//                  content (not stock, the hard negative)
//   contradicted   正常推进/已完成 beside an indicator far behind 序时进度 or an overdue milestone; and the near
//                  misses (within the margin, 滞后 said honestly, a milestone not yet due)
//   no_evidence    已完成 without a file; 已完成 with one

import type { IndicatorFacts } from '../src/core/lights.js';
import type { QualityFlagKind } from '../src/core/quality.js';
import type { ItemStatus } from '../src/core/status.js';

export interface QualityCase {
  id: string;
  group: string;
  status: ItemStatus;
  progress: string;
  previous: string | null;
  indicators: IndicatorFacts[];
  milestones: { dueOn: string; doneOn: string | null }[];
  evidence: number;
  expected: QualityFlagKind[];
}

/** [this quarter (Q2, to 30 June), last quarter (Q1)] — genuine updates. */
const PAIRS: [string, string][] = [
  [
    '截至6月底，全区新开工亿元以上项目14个，完成固定资产投资182.6亿元，同比增长7.4%；武昌滨江商务区三期、中北路金融街二期等5个项目完成主体结构封顶。',
    '一季度组织重大项目集中开工活动1次，新开工亿元以上项目6个，完成固定资产投资76.3亿元；制定《2025年重点项目清单》，明确126个项目责任单位。',
  ],
  [
    '二季度新增城市停车泊位1460个，累计完成2280个，占年度目标的57%；首义路立体停车场投入使用，新增智慧停车诱导屏12块。',
    '一季度完成停车设施专项规划修编，新增泊位820个；中山路、首义路两处立体停车场完成施工招标，4月进场施工。',
  ],
  [
    '上半年完成老旧小区改造开工68个，惠及居民1.2万户，其中粮道街、中华路街片区29个小区已完工；加装电梯签约46台、完工31台。',
    '一季度完成年度老旧小区改造计划申报，确定改造小区103个，完成设计方案公示52个，召开居民议事会87场。',
  ],
  [
    '截至6月底，城镇新增就业1.86万人，完成年度目标的53%；举办“就在武昌”招聘活动24场，提供岗位1.1万个，帮扶困难人员再就业1320人。',
    '一季度城镇新增就业7420人；春风行动期间举办招聘会9场，发放一次性吸纳就业补贴86万元。',
  ],
  [
    '二季度新引进500强企业区域总部3家，签约亿元以上项目21个，协议投资额316亿元；6月12日举办武昌（深圳）招商推介会，现场签约8个。',
    '一季度签约亿元以上项目11个，协议投资额142亿元；编制产业链招商图谱，组建6支专业招商小分队。',
  ],
  [
    '上半年“高效办成一件事”上线事项达到28项，企业开办平均用时压缩至0.5个工作日；政务服务中心二楼“无差别综合窗口”改造完成，6月1日启用。',
    '一季度梳理“高效办成一件事”清单32项，上线15项；企业开办实现全程网办，平均用时1个工作日。',
  ],
  [
    '截至6月底，全区高新技术企业申报入库412家，新增科技型中小企业评价入库586家；武昌科技成果转化中心完成技术交易登记额58.3亿元。',
    '一季度完成高企培育库更新，入库企业338家；举办科技政策宣讲会6场，技术合同登记额21.7亿元。',
  ],
  [
    '二季度接待游客1260万人次，实现旅游收入152亿元，同比分别增长9.8%和11.2%；黄鹤楼夜游、昙华林街区改造提升一期完工，5月1日开街。',
    '一季度接待游客540万人次；昙华林街区提升改造完成方案评审，黄鹤楼公园夜游项目进入设备安装阶段。',
  ],
  [
    '上半年新改扩建中小学校3所，新增学位2700个；武昌实验中学新校区完成竣工验收，秋季学期投入使用；完成12所学校食堂“明厨亮灶”改造。',
    '一季度新改扩建学校项目全部开工，武昌实验中学新校区完成主体封顶；启动学校食堂改造项目招标。',
  ],
  [
    '截至6月底，建成社区嵌入式养老服务设施9个，累计达到31个；为2140户特殊困难老年人家庭完成适老化改造，完成年度任务的71%。',
    '一季度新建社区养老服务设施选址确定12处，完成适老化改造入户评估3050户、施工860户。',
  ],
  [
    '二季度完成沙湖、紫阳湖等4个湖泊水质提升工程，主要湖泊水质稳定达到Ⅳ类；新建雨污分流管网18.6公里，累计完成31.2公里。',
    '一季度开展河湖“清四乱”专项行动，整治问题点位37处；雨污分流改造完成12.6公里。',
  ],
  [
    '上半年社会消费品零售总额完成812亿元，同比增长6.9%；举办“武昌消费季”活动46场，发放消费券3000万元，带动消费4.6亿元。',
    '一季度社会消费品零售总额387亿元，同比增长6.1%；组织春节消费促进活动18场。',
  ],
  [
    '截至6月底，首义片区城市更新项目完成房屋征收签约1860户，签约率93%；完成项目一期土地出让，6月28日开工建设。',
    '一季度首义片区征收工作完成入户调查2000户，启动签约，签约率41%；完成项目实施方案报批。',
  ],
  [
    '二季度开展安全生产大排查大整治，检查生产经营单位1836家，发现隐患2410处，已整改2275处，整改率94.4%；关停取缔违规经营场所7处。',
    '一季度制定安全生产治本攻坚三年行动年度方案，检查企业920家，发现隐患1316处，整改率88%。',
  ],
  [
    '上半年楼宇经济税收亿元楼达到27栋，新增2栋；新入驻企业412家，楼宇平均入驻率提高到86.5%；出台《武昌区楼宇经济高质量发展若干措施》。',
    '一季度亿元楼25栋，楼宇入驻率84.1%；完成全区132栋商务楼宇信息普查。',
  ],
  [
    '截至6月底，数字经济核心产业营业收入完成386亿元，同比增长12.3%；建成5G基站420个，累计达到3860个；智慧城市运行管理平台二期上线。',
    '一季度数字经济核心产业营业收入178亿元；新建5G基站160个，智慧城市平台二期完成需求调研。',
  ],
  [
    '二季度新建口袋公园6个、城市绿道8.2公里，累计完成绿道14.5公里，占年度目标的73%；完成沙湖公园北门片区景观提升。',
    '一季度完成口袋公园选址11处，绿道建设完成6.3公里，沙湖公园北门片区提升完成施工图设计。',
  ],
  [
    '上半年完成家庭医生签约服务28.6万人，重点人群签约率达到76%；区中医医院门诊综合楼完成竣工验收，6月投入试运行。',
    '一季度家庭医生签约12.3万人；区中医医院门诊综合楼完成内部装修，启动设备采购。',
  ],
  [
    '截至6月底，发放创业担保贷款2.36亿元，扶持创业1120人，带动就业3380人；认定区级创业孵化基地2家。',
    '一季度发放创业担保贷款8600万元，扶持创业410人；开展创业培训班12期，培训学员560人。',
  ],
  [
    '二季度完成保障性租赁住房筹集1850套，累计筹集3120套，完成年度目标的78%；已分配入住2140套。',
    '一季度完成保障性租赁住房项目认定7个，筹集房源1270套。',
  ],
  [
    '上半年外贸进出口总额完成126.8亿元，同比增长8.1%；新增有进出口实绩企业38家；组织42家企业参加广交会等境内外展会。',
    '一季度外贸进出口总额57.2亿元，同比增长5.3%；新增备案外贸企业21家。',
  ],
  [
    '截至6月底，完成长江大保护岸线整治2.8公里，累计完成4.6公里；拆除沿江违法建筑3处、面积2100平方米；江滩生态修复一期完工。',
    '一季度完成岸线整治1.8公里，制定江滩生态修复方案并完成招标。',
  ],
  [
    '二季度“武昌英才”计划新引进博士及高层次人才186人，累计引进大学生2.4万人；人才公寓新增房源320套，投入使用。',
    '一季度召开人才工作会议，发布“武昌英才”计划实施细则；引进大学生9800人。',
  ],
  [
    '上半年市场主体总量达到21.6万户，新登记各类市场主体1.38万户，同比增长10.4%；办理涉企经营许可“一业一证”1260件。',
    '一季度新登记市场主体6120户；完成“一业一证”改革试点行业扩展至25个。',
  ],
  [
    '截至6月底，完成燃气管道老化更新改造46公里，占年度任务的62%；完成居民用户燃气安全检查8.2万户，安装燃气泄漏报警器1.6万台。',
    '一季度完成燃气管道更新改造17公里，入户安全检查3.4万户。',
  ],
  [
    '二季度完成“三旧”改造项目土地收储3宗、面积126亩；武泰闸片区完成控规调整，6月20日通过市规委会审议。',
    '一季度完成武泰闸片区现状调查与规划研究，与市土储中心签订收储合作协议。',
  ],
  [
    '上半年开展“放心消费”创建，新增放心消费单位320家；受理消费投诉举报4120件，办结率98.6%，为消费者挽回经济损失386万元。',
    '一季度受理消费投诉举报1860件，办结率97.2%；发布消费提示6期。',
  ],
  [
    '截至6月底，金融机构本外币存款余额达到9860亿元，新增贷款312亿元；新增上市后备企业11家，1家企业在北交所上市。',
    '一季度新增贷款148亿元；组织银企对接会3场，对接融资需求46亿元。',
  ],
  [
    '二季度完成背街小巷整治42条，累计完成75条，占年度目标的75%；拆除违法建设9800平方米；积玉桥片区“平安街巷”建设完工。',
    '一季度背街小巷整治完成33条，完成年度整治清单编制并向社会公示。',
  ],
  [
    '上半年完成社区党群服务中心标准化改造18个；开展“下沉社区”活动，在职党员报到2.6万人次，解决群众急难愁盼问题1430件。',
    '一季度启动社区党群服务中心改造，完成设计14个；在职党员报到1.1万人次。',
  ],
  [
    '截至6月底，新建公共充电桩1280个，累计达到6420个；完成公交站台改造56座；地铁12号线武昌段站点周边道路交通组织优化完成。',
    '一季度新建公共充电桩510个；公交站台改造完成设计和招标。',
  ],
  [
    '二季度实施“菜篮子”工程，新建改造标准化农贸市场4个，累计完成7个；社区便民生活圈覆盖率达到85%。',
    '一季度完成农贸市场改造计划编制，3个市场完成改造。',
  ],
  [
    '上半年新增普惠性托育机构9家，新增托位680个，每千人口托位数达到4.1个；为1.2万名3岁以下婴幼儿发放育儿补贴。',
    '一季度完成托育机构摸底，新增托位210个；出台育儿补贴发放细则。',
  ],
  [
    '截至6月底，文化惠民演出完成320场，观众18.6万人次；区图书馆新馆完成主体施工，昙华林艺术季6月6日开幕。',
    '一季度举办文化惠民演出112场；区图书馆新馆完成基础施工。',
  ],
  [
    '二季度开展“双随机、一公开”监管抽查1120户次，问题发现率6.2%；信用修复办理460件，完成年度信用体系建设评估自查。',
    '一季度制定年度抽查计划，抽查企业430户次；完成信用信息归集98万条。',
  ],
  [
    '上半年完成道路“白改黑”12条、18.4公里；打通断头路3条，和平大道南延线6月30日通车。',
    '一季度完成道路改造项目招标，开工“白改黑”道路7条；和平大道南延线完成路基施工。',
  ],
  [
    '截至6月底，区级财政收入完成68.2亿元，完成年度预算的52%；“三保”支出足额保障，盘活存量资产收入2.6亿元。',
    '一季度区级财政收入完成31.4亿元；编制年度存量资产盘活清单，梳理资产42项。',
  ],
  [
    '二季度新增规上服务业企业36家，累计达到1020家；规上服务业营业收入同比增长9.6%。',
    '一季度新增规上服务业企业15家，完成升规入统培育库建设，入库企业148家。',
  ],
  [
    '上半年“12345”热线受理群众诉求11.2万件，按时办结率99.1%，满意率93.6%；对排名靠后的6个单位进行了约谈。',
    '一季度热线受理诉求5.1万件，按时办结率98.4%，满意率91.8%。',
  ],
  [
    '截至6月底，完成校园周边交通安全设施改造26处；中小学“护学岗”覆盖率达到100%，上半年校园周边未发生交通事故。',
    '一季度完成校园周边交通安全隐患排查，确定改造点位38处，完成11处。',
  ],
];

/** Stock-only texts: only stock phrases and filler, no figure, date or named output. */
const STOCK: string[] = [
  '我单位高度重视，按计划推进各项工作，目前进展顺利。',
  '按计划推进。',
  '正在推进。',
  '有序推进，进展良好。',
  '稳步推进各项工作，确保完成年度目标任务。',
  '我局高度重视，加快推进，目前工作进展顺利。',
  '扎实推进，取得积极成效。',
  '持续推进，进展顺利。',
  '目前各项工作正在有序推进中。',
  '按照要求，积极推进相关工作，确保按时完成。',
  '高度重视，压实责任，稳步推进。',
  '我委高度重视，强化统筹，加强协调，有序推进各项工作。',
  '全力推进，确保完成年度目标任务。',
  '按计划推进，取得阶段性成效。',
  '认真落实，按计划推进。',
  '稳步推进。',
  '加快推进，进展良好。',
  '正在按计划推进，总体进展顺利。',
  '一是高度重视；二是压实责任；三是加强协调。各项工作有序推进。',
  '各项工作均按计划推进，进展顺利。',
  '我单位认真落实部署要求，扎实推进，取得积极成效。',
  '工作有序推进中。',
  '进一步加快推进，确保完成。',
  '持续推进相关工作，进展良好。',
  '按照部署要求，稳步推进，目前进展顺利。',
  '狠抓落实，全力推进。',
  '积极推进，总体进展良好。',
  '强化统筹，有序推进，确保按时完成年度目标任务。',
  '目前正在推进中，进展顺利。',
  '我局按计划推进，各项工作进展良好。',
  '高度重视，加强协调，按计划推进。',
  '有序推进相关工作。',
  '正常推进，进展顺利。',
  '持续推进，确保完成。',
  '扎实推进各项工作，取得阶段性成效。',
  '按计划推进，无异常。',
  '稳步推进，总体进展良好。',
  '我单位高度重视，积极推进，确保按时完成。',
  '加快推进，狠抓落实。',
  '各项工作按计划有序推进。',
];

/** Stock phrases around real content: not stock. */
const STOCK_WITH_CONTENT: string[] = [
  '按计划推进，二季度完成投资3.2亿元。',
  '有序推进，6月15日召开专题调度会，明确节点7个。',
  '稳步推进，已印发《武昌区城市更新三年行动方案》。',
  '我单位高度重视，已完成中北路片区项目可研批复，正在开展施工图设计。',
  '加快推进，新建泊位320个，首义路停车场投入使用。',
  '扎实推进，累计完成改造小区29个。',
  '持续推进，完成沙湖截污管网工程竣工验收并移交运营单位。',
  '按计划推进，与华中科技大学签订产学研合作协议，共建“智能制造联合实验室”。',
  '正在推进，5月完成招标，施工单位已进场。',
  '稳步推进，新增就业8600人。',
  '有序推进，区图书馆新馆已完成幕墙施工和消防验收。',
  '高度重视，成立工作专班，完成全区42所学校食堂设备更新。',
  '按计划推进，完成“一网通办”平台与市平台对接，上线事项新增15项。',
  '加快推进，二季度签约项目12个。',
  '积极推进，昙华林街区改造一期已完工并对外开放。',
  '全力推进，完成征收签约率93%。',
  '有序推进，上半年开展执法检查640次。',
  '持续推进，建成社区食堂6个，日均服务老人1100人次。',
  '扎实推进，出台“楼宇经济十条”，兑现奖励资金1260万元。',
  '按计划推进，和平大道南延线已通车。',
];

const Q2 = { coversTo: '2025-06-30', today: '2025-07-05' };
void Q2;
/** An indicator with 10,000 as the unit's target and the given actual at the end of Q2 (序时进度 ≈ 0.5). */
const ind = (actual: number, unit = '个'): IndicatorFacts => ({ op: '>=', target: 10_000, unit, actual });
/** A rate judged against the target itself. */
const rate = (actual: number): IndicatorFacts => ({ op: '>=', target: 90, unit: '%', actual });

const cases: QualityCase[] = [];
const add = (c: Omit<QualityCase, 'id' | 'indicators' | 'milestones' | 'evidence'> & Partial<QualityCase>) =>
  cases.push({ indicators: [], milestones: [], evidence: 1, ...c, id: `${c.group}-${cases.length + 1}` });

// ---- genuine -------------------------------------------------------------------------------------------
for (const [now, before] of PAIRS)
  add({ group: 'genuine', status: 'on_track', progress: now, previous: before, expected: [] });
/** The same frame with last quarter's figures: the template was kept, every figure updated. */
const earlier = (text: string) =>
  text
    .replace(/6月底/g, '3月底')
    .replace(/二季度/g, '一季度')
    .replace(/上半年/g, '一季度')
    .replace(/\d+(\.\d+)?/g, (n) => {
      const v = Number(n);
      return n.includes('.') ? (v * 0.45).toFixed(1) : String(Math.max(1, Math.round(v * 0.45)));
    });
for (const [now] of PAIRS.slice(0, 20)) {
  add({ group: 'genuine_same_frame', status: 'on_track', progress: now, previous: earlier(now), expected: [] });
}

// ---- copied --------------------------------------------------------------------------------------------
for (const [, before] of PAIRS.slice(0, 15)) {
  add({ group: 'copied_unchanged', status: 'on_track', progress: before, previous: before, expected: ['copied'] });
}
for (const [, before] of PAIRS.slice(15, 25)) {
  const punctuated = before.replace(/，/g, ', ').replace(/；/g, ';').replace(/。$/, '');
  add({
    group: 'copied_punctuation',
    status: 'on_track',
    progress: punctuated,
    previous: before,
    expected: ['copied'],
  });
}
for (const [, before] of PAIRS.slice(25, 40)) {
  // The quarter renamed, nothing else: 一季度 → 二季度 (or a date moved to the new quarter's end).
  const renamed = before.includes('一季度') ? before.replace(/一季度/g, '二季度') : before.replace(/3月底/g, '6月底');
  add({ group: 'copied_renamed', status: 'on_track', progress: renamed, previous: before, expected: ['copied'] });
}
const TAILS = ['目前各项工作正常推进。', '下一步将继续推进。', '工作推进顺利。', '', '相关工作持续推进中。'];
for (const [i, [, before]] of PAIRS.slice(0, 10).entries()) {
  const tail = TAILS[i % TAILS.length] || '目前进展顺利。';
  add({
    group: 'copied_added_line',
    status: 'on_track',
    progress: `${before}${tail}`,
    previous: before,
    expected: ['copied'],
  });
}

// ---- stock ---------------------------------------------------------------------------------------------
for (const [i, text] of STOCK.entries()) {
  // Half in a first period (nothing before), half after a genuine text last quarter.
  const previous = i % 2 === 0 ? null : (PAIRS[i % PAIRS.length] as [string, string])[1];
  add({ group: 'stock', status: 'on_track', progress: text, previous, expected: ['stock'] });
}
for (const [i, text] of STOCK_WITH_CONTENT.entries()) {
  add({
    group: 'stock_with_content',
    status: 'on_track',
    progress: text,
    previous: (PAIRS[i] as [string, string])[1],
    expected: [],
  });
}

// ---- contradicted --------------------------------------------------------------------------------------
const pairAt = (i: number) => PAIRS[i % PAIRS.length] as [string, string];
for (let i = 0; i < 15; i++) {
  // 正常推进 with the indicator at 15–35 % of its target at the end of June (序时进度 ≈ 50 %, margin 10 points).
  const [now, before] = pairAt(i + 3);
  add({
    group: 'contradicted_indicator',
    status: 'on_track',
    progress: now,
    previous: before,
    indicators: [ind(1500 + 130 * i)],
    expected: ['contradicted'],
  });
}
for (let i = 0; i < 5; i++) {
  const [now, before] = pairAt(i + 20);
  add({
    group: 'contradicted_rate',
    status: 'on_track',
    progress: now,
    previous: before,
    indicators: [rate(60 + 3 * i)],
    expected: ['contradicted'],
  });
}
for (let i = 0; i < 10; i++) {
  const [now, before] = pairAt(i + 11);
  add({
    group: 'contradicted_milestone',
    status: 'on_track',
    progress: now,
    previous: before,
    milestones: [
      { dueOn: '2025-03-31', doneOn: '2025-03-25' },
      { dueOn: `2025-0${4 + (i % 3)}-30`, doneOn: null },
      { dueOn: '2025-10-31', doneOn: null },
    ],
    expected: ['contradicted'],
  });
}
for (let i = 0; i < 5; i++) {
  const [now, before] = pairAt(i + 30);
  add({
    group: 'contradicted_completed',
    status: 'completed',
    progress: now,
    previous: before,
    indicators: [ind(2000 + 500 * i)],
    expected: ['contradicted'],
  });
}
for (let i = 0; i < 5; i++) {
  const [now, before] = pairAt(i + 5);
  add({
    group: 'behind_within_margin',
    status: 'on_track',
    progress: now,
    previous: before,
    indicators: [ind(4300 + 100 * i)],
    expected: [],
  });
}
for (let i = 0; i < 5; i++) {
  const [now, before] = pairAt(i + 9);
  add({
    group: 'lagging_said',
    status: 'lagging',
    progress: now,
    previous: before,
    indicators: [ind(1200)],
    expected: [],
  });
}
for (let i = 0; i < 5; i++) {
  const [now, before] = pairAt(i + 14);
  add({
    group: 'milestone_not_due',
    status: 'on_track',
    progress: now,
    previous: before,
    milestones: [
      { dueOn: '2025-05-31', doneOn: '2025-06-02' },
      { dueOn: '2025-07-05', doneOn: null },
    ],
    expected: [],
  });
}

// ---- evidence ------------------------------------------------------------------------------------------
for (let i = 0; i < 10; i++) {
  const [now, before] = pairAt(i + 22);
  add({
    group: 'completed_no_evidence',
    status: 'completed',
    progress: now,
    previous: before,
    evidence: 0,
    expected: ['no_evidence'],
  });
}
for (let i = 0; i < 10; i++) {
  const [now, before] = pairAt(i + 28);
  add({
    group: 'completed_with_evidence',
    status: 'completed',
    progress: now,
    previous: before,
    evidence: 2,
    expected: [],
  });
}

export const QUALITY_CASES: readonly QualityCase[] = cases;
/** The period the cases report (the second quarter) and the day they are sent. */
export const QUALITY_CONTEXT = { year: 2025, coversTo: '2025-06-30', today: '2025-07-05', behindMargin: 0.1 };
