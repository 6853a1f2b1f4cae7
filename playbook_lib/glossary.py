"""The course's bilingual glossary: the Chinese terms ops people use, beside the English ones.

``make data`` writes it to ``data/glossary.csv``; :func:`playbook_lib.datasets.load_glossary`
reads it back. Each entry is ``(term_zh, pinyin, term_en, definition, notebook)`` where
``notebook`` is the number of the notebook that teaches it.

>>> from playbook_lib.glossary import GLOSSARY
>>> [e for e in GLOSSARY if e[0] == "客单价"][0][2]
'average ticket (average order value)'
"""

from __future__ import annotations

__all__ = ["GLOSSARY"]

GLOSSARY: tuple[tuple[str, str, str, str, str], ...] = (
    ("运营", "yùnyíng", "operations", "The work that connects a product with its users and keeps delivering value to them over time.", "00"),
    ("B端 / To B", "B duān", "B2B, business side", "Selling to companies and organisations; the customer is an organisation with several people in the decision.", "01"),
    ("C端 / To C", "C duān", "B2C, consumer side", "Selling to individual consumers who decide for themselves, often quickly.", "01"),
    ("内容运营", "nèiróng yùnyíng", "content operations", "Producing and distributing content (articles, guides, white papers, posts) that attracts and educates users.", "01"),
    ("用户运营", "yònghù yùnyíng", "user operations", "Managing users through their lifecycle: acquire, activate, retain, convert, recall.", "01"),
    ("活动运营", "huódòng yùnyíng", "campaign / event operations", "Planning promotions, events and campaigns that move a target metric.", "01"),
    ("产品运营", "chǎnpǐn yùnyíng", "product operations", "Working between users and the product team: feedback, feature launches, adoption.", "01"),
    ("客单价", "kèdānjià", "average ticket (average order value)", "Revenue divided by the number of orders (B2C) or deals (B2B).", "01"),
    ("转化率", "zhuǎnhuàlǜ", "conversion rate", "Share of people at one step who reach the next step (or the goal).", "02"),
    ("决策周期", "juécè zhōuqī", "decision cycle / sales cycle", "Time from first contact to purchase: minutes to days for consumers, weeks to months for companies.", "01"),
    ("对接人", "duìjiērén", "contact person", "The customer's day-to-day point of contact, often driven by their own KPI or duty.", "01"),
    ("使用人", "shǐyòngrén", "end user", "The employee who actually uses the product; cares about ease of use.", "01"),
    ("决策人", "juécèrén", "decision maker", "The person who signs off the purchase; cares about cost, efficiency, legal risk.", "01"),
    ("关键人", "guānjiànrén", "key person", "Someone with influence on the decision: technical expert, procurement lead, external liaison.", "03"),
    ("返点", "fǎndiǎn", "rebate", "Money returned to a business buyer or reseller after reaching volume targets.", "01"),
    ("账期", "zhàngqī", "payment terms", "Days a business customer may take to pay an invoice.", "01"),
    ("平台型业务", "píngtáixíng yèwù", "platform business", "Matches businesses (supply side, B ops) with buyers (demand side, C ops).", "01"),
    ("服务型业务", "fúwùxíng yèwù", "service business", "Sells its own service or software (SaaS) to companies.", "01"),
    ("改革型业务", "gǎigéxíng yèwù", "supply-chain reform business", "Changes how a company deals with its upstream suppliers and downstream buyers.", "01"),
    ("拉新", "lāxīn", "acquisition", "Bringing in new users or customers.", "02"),
    ("促活", "cùhuó", "activation / engagement", "Getting users to take the first meaningful action and to keep being active.", "02"),
    ("留存", "liúcún", "retention", "Users who are still active some time after they started.", "04"),
    ("转化", "zhuǎnhuà", "conversion", "Turning users into paying customers (or moving them to the next step).", "02"),
    ("召回", "zhàohuí", "recall / reactivation", "Bringing dormant or lapsed users back, e.g. with a notification.", "04"),
    ("迁移", "qiānyí", "migration", "Moving users to another product, platform or plan.", "02"),
    ("裂变", "lièbiàn", "fission / viral growth", "Users bringing other users, e.g. by sharing or inviting.", "02"),
    ("病毒系数", "bìngdú xìshù", "viral coefficient (K)", "New users each user brings in: invites per user times invite conversion.", "02"),
    ("漏斗", "lòudǒu", "funnel", "Ordered steps with the number of users reaching each one.", "02"),
    ("增长模型", "zēngzhǎng móxíng", "growth model (metric tree)", "A goal broken down into the metrics that drive it, layer by layer.", "02"),
    ("线索", "xiànsuǒ", "lead", "A person or company that showed interest and may become a customer.", "03"),
    ("市场认可线索", "shìchǎng rènkě xiànsuǒ", "MQL (marketing qualified lead)", "A lead marketing judges worth passing to sales.", "03"),
    ("销售认可线索", "xiāoshòu rènkě xiànsuǒ", "SQL (sales qualified lead)", "A lead sales accepts as a real potential deal.", "03"),
    ("商机", "shāngjī", "opportunity", "A qualified deal being worked by sales, with an expected value.", "03"),
    ("赢单率", "yíngdānlǜ", "win rate", "Won deals divided by closed (or all) opportunities.", "03"),
    ("招投标", "zhāo tóubiāo", "bidding / tender", "A formal procurement where vendors submit bids; common for large and public buyers.", "03"),
    ("生命周期", "shēngmìng zhōuqī", "lifecycle", "Stages a user or product goes through over time.", "04"),
    ("导入期", "dǎorùqī", "onboarding stage", "The user has just started.", "04"),
    ("成长期", "chéngzhǎngqī", "growth stage", "Activity and value are rising.", "04"),
    ("成熟期", "chéngshúqī", "maturity stage", "Activity and value are high and steady.", "04"),
    ("休眠期", "xiūmiánqī", "dormant stage", "The user has stopped being active for a while but may come back.", "04"),
    ("流失期", "liúshīqī", "churned stage", "The user has been gone so long they are counted as lost.", "04"),
    ("初创期", "chūchuàngqī", "introduction stage (product)", "A new product with slow, uncertain growth.", "04"),
    ("衰退期", "shuāituìqī", "decline stage (product)", "Growth has turned negative.", "04"),
    ("同期群", "tóngqīqún", "cohort", "Users who started in the same period, followed together over time.", "04"),
    ("最近一次消费", "zuìjìn yícì xiāofèi", "recency (R)", "How recently the customer bought.", "05"),
    ("消费频率", "xiāofèi pínlǜ", "frequency (F)", "How often the customer bought.", "05"),
    ("消费金额", "xiāofèi jīn'é", "monetary value (M)", "How much the customer spent.", "05"),
    ("客户分级", "kèhù fēnjí", "customer tiering", "Ranking customers by value and potential to give each tier its own service and rights.", "06"),
    ("客户权益", "kèhù quányì", "tier rights / benefits", "What each tier receives: co-visits, gifts, consulting, response times, discounts, event access.", "06"),
    ("标杆客户", "biāogān kèhù", "benchmark customer (reference account)", "A successful customer used as a showcase for others in the industry.", "06"),
    ("回款", "huíkuǎn", "payment collection", "Getting paid on invoices; slow collection is a risk signal.", "06"),
    ("欠款", "qiànkuǎn", "arrears", "Money a customer owes past its due date.", "06"),
    ("毛利", "máolì", "gross margin", "Revenue minus direct costs, as a share of revenue.", "07"),
    ("客户终身价值", "kèhù zhōngshēn jiàzhí", "LTV / CLV (customer lifetime value)", "Gross profit a customer brings over the whole relationship.", "07"),
    ("获客成本", "huòkè chéngběn", "CAC (customer acquisition cost)", "Sales and marketing spend divided by new customers won.", "07"),
    ("单个用户获取成本", "dāngè yònghù huòqǔ chéngběn", "CPA (cost per acquisition)", "Spend of one channel divided by what it acquired.", "07"),
    ("客户成功", "kèhù chénggōng", "customer success", "Helping customers reach their goals so they stay, buy more and refer others.", "07"),
    ("净推荐值", "jìng tuījiàn zhí", "NPS (net promoter score)", "Share of promoters minus share of detractors.", "07"),
    ("产品市场匹配", "chǎnpǐn shìchǎng pǐpèi", "PMF (product/market fit)", "The product meets a real, sizeable market need.", "07"),
    ("成交总额", "chéngjiāo zǒng'é", "GMV (gross merchandise volume)", "Total value of orders placed, before refunds.", "08"),
    ("月度经常性收入", "yuèdù jīngchángxìng shōurù", "MRR (monthly recurring revenue)", "Subscription revenue normalised to one month.", "08"),
    ("年度经常性收入", "niándù jīngchángxìng shōurù", "ARR (annual recurring revenue)", "MRR times twelve.", "08"),
    ("流失率", "liúshīlǜ", "churn rate", "Share of customers (logo churn) or revenue (revenue churn) lost in a period.", "08"),
    ("净收入留存", "jìng shōurù liúcún", "NRR (net revenue retention)", "Revenue from a starting set of customers now, incl. expansion, over what it was.", "08"),
    ("工单", "gōngdān", "support ticket", "A logged customer problem or request.", "09"),
    ("标准作业程序", "biāozhǔn zuòyè chéngxù", "SOP (standard operating procedure)", "A written, repeatable way of doing a task.", "09"),
    ("售前", "shòuqián", "presales", "Work before the sale: needs analysis, demos, solution design.", "09"),
    ("复盘", "fùpán", "retrospective / review", "Looking back at what happened against the plan to learn from it.", "09"),
)
