package dev.lodestar.sim.internal;

/**
 * Reference data for a Chinese consumer business: cities with their commercial tier, names,
 * nicknames and survey comments. Tier shares follow the usual split of Chinese e-commerce buyers
 * (tier 1 about 15%, new tier 1 and tier 2 about 35%, tier 3 about 27%, tier 4 and below about
 * 23%).
 */
public final class ChinaData {
    private ChinaData() {}

    /** A city with its province and tier (1 = Beijing/Shanghai/Guangzhou/Shenzhen ... 4 = smaller cities). */
    public record City(String name, String province, int tier) {}

    public static final double[] TIER_SHARES = {0.15, 0.35, 0.27, 0.23};

    private static final String[][] TIER_CITIES = {
        {"北京:北京", "上海:上海", "广州:广东", "深圳:广东"},
        {
            "成都:四川", "杭州:浙江", "重庆:重庆", "武汉:湖北", "西安:陕西", "苏州:江苏", "南京:江苏", "天津:天津",
            "长沙:湖南", "郑州:河南", "东莞:广东", "青岛:山东", "沈阳:辽宁", "宁波:浙江", "昆明:云南", "合肥:安徽",
            "佛山:广东", "厦门:福建", "福州:福建", "济南:山东", "大连:辽宁", "哈尔滨:黑龙江", "长春:吉林", "南宁:广西",
            "贵阳:贵州", "南昌:江西", "石家庄:河北", "太原:山西"
        },
        {
            "温州:浙江", "绍兴:浙江", "嘉兴:浙江", "洛阳:河南", "徐州:江苏", "扬州:江苏", "珠海:广东", "中山:广东",
            "惠州:广东", "汕头:广东", "烟台:山东", "潍坊:山东", "唐山:河北", "保定:河北", "桂林:广西", "赣州:江西",
            "芜湖:安徽", "绵阳:四川", "襄阳:湖北", "宜昌:湖北", "株洲:湖南", "兰州:甘肃", "呼和浩特:内蒙古", "海口:海南",
            "银川:宁夏", "西宁:青海", "乌鲁木齐:新疆"
        },
        {
            "邯郸:河北", "商丘:河南", "南阳:河南", "周口:河南", "阜阳:安徽", "六安:安徽", "曲靖:云南", "遵义:贵州",
            "黄冈:湖北", "衡阳:湖南", "邵阳:湖南", "南充:四川", "宜宾:四川", "上饶:江西", "揭阳:广东", "湛江:广东",
            "茂名:广东", "菏泽:山东", "聊城:山东", "运城:山西", "天水:甘肃", "玉林:广西", "绥化:黑龙江", "通辽:内蒙古",
            "拉萨:西藏"
        }
    };

    public static final City[][] CITIES = buildCities();

    private static City[][] buildCities() {
        City[][] result = new City[TIER_CITIES.length][];
        for (int t = 0; t < TIER_CITIES.length; t++) {
            result[t] = new City[TIER_CITIES[t].length];
            for (int i = 0; i < TIER_CITIES[t].length; i++) {
                String[] parts = TIER_CITIES[t][i].split(":");
                result[t][i] = new City(parts[0], parts[1], t + 1);
            }
        }
        return result;
    }

    public static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金"
    };

    public static final String[] GIVEN_FEMALE = {
        "芳", "娜", "秀英", "敏", "静", "丽", "艳", "娟", "霞", "玲", "燕", "婷", "颖", "欣怡", "雨萱", "佳琪", "诗涵", "梓涵", "思琪", "晓燕",
        "丽华", "慧", "琳", "雪", "倩", "晶", "嘉欣", "一诺", "子涵", "梦瑶"
    };

    public static final String[] GIVEN_MALE = {
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "飞", "鑫", "宇", "浩然", "子轩", "俊杰", "建华",
        "志强", "文博", "晨阳", "宇航", "天佑", "思远", "博文", "一鸣", "家豪"
    };

    public static final String[] NICKNAMES = {
        "小鱼儿", "追风少年", "阳光明媚", "快乐每一天", "Lily", "Kevin", "奶茶不加糖", "一只猫", "木子", "晴天", "简单", "微笑向暖",
        "岁月静好", "星辰大海", "Coco", "Tony老师", "吃货一枚", "宝妈日记", "静待花开", "向日葵", "A.小雨", "Jason", "橙子🍊", "努力的胖子",
        "🌸花开半夏", "旅行家", "安好", "淡然", "平凡之路", "Mia"
    };

    public static final String[] STORES = {"旗舰店(万象城)", "体验店(万达广场)", "社区店(人民路)", "奥莱店", "机场店"};

    public static final String[] CLERKS = {"小王", "小李", "张姐", "刘经理", "陈店长", "小周"};

    /** NPS comments by bucket: 0 detractor (0-6), 1 passive (7-8), 2 promoter (9-10). */
    public static final String[][] NPS_COMMENTS = {
        {"物流太慢了", "客服回复不及时", "质量一般，和描述不符", "退货流程太麻烦", "价格比别家贵", "包装破损", "优惠券用不了", "APP经常卡顿", ""},
        {"还可以，物流再快点就好", "东西不错，价格略高", "总体满意", "一般般吧", "品类再多一些就好了", "客服态度还行", ""},
        {"非常好用，已经推荐给朋友了", "物流很快，包装精美", "质量很好，会回购", "客服很耐心", "性价比高", "宝贝很满意，五星好评", "活动力度大，很划算", ""}
    };
}
