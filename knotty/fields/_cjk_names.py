"""Which part of a name written in two Chinese characters or two Korean syllables was given.

Chinese, Japanese and Korean names are written family name first, without a space: 王伟 (family name 王,
given name 伟), 김민준 (김, 민준), 山田花子 (山田, 花子). Two characters are a whole Chinese name when the
first is a family name (王伟, 李娜), but most Korean and Japanese given names are two characters too (민준,
서연, 花子, 翔太), as are most Japanese family names (山田, 佐藤) and many Chinese given names (建国, 俊傑).
Typed alone as "the full name", those had been saved as the whole name, and no family name asked for.

A careful operator asks; this is what they would know at a glance. Two short, hand-written lists (sets,
looked up once per name): the commonest Chinese family names (simplified and traditional), and the last
characters of common Japanese family names, which Japanese given names hardly ever end with.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["two_character_part"]

_CHINESE_FAMILY_NAMES = frozenset(
    # The Hundred Family Surnames (百家姓) and today's commonest, in simplified and traditional characters...
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华魏陶姜戚谢邹喻窦章苏潘葛奚范彭郎鲁韦昌马苗"
    "方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬常于傅皮卞齐伍余卜顾孟黄穆萧肖尹姚邵湛汪祁毛狄米贝臧伏"
    "戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万柯昝管卢"
    "莫房裘缪解应丁宣贲邓单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於甄曲封芮羿储靳汲邴糜段富巫乌焦巴"
    "弓牧隗谷车侯宓蓬郗班仰仲伊宫仇栾暴甘钭厉戎祖武符刘景詹束龙叶司韶郜黎蓟薄印宿白蒲邰鄂索咸籍赖卓蔺屠蒙"
    "池乔阴胥苍莘党翟谭贡劳逄姬申扶堵冉宰郦雍璩桑濮牛边扈燕冀郏浦尚农温别庄晏柴瞿阎慕连茹宦艾鱼向古易"
    "戈廖庾暨衡匡寇阙欧殳沃蔚夔师巩厍聂晁勾敖融冷訾辛阚那简饶曾毋沙乜鞠丰巢关蒯查荆游竺权逯盖桓闫覃佘冼"
    "付岳官漆迟耿佟丛门"
    "趙錢孫鄭馮陳衛蔣韓楊許呂張嚴華謝鄒竇蘇費賀湯羅畢鄔齊顧蕭臧貝談龐紀項藍閔賈婁顏鍾鐘駱萬盧繆應貢鄧單諸"
    "龔陸榮儲烏車宮欒厲劉葉薊藺陰蒼黨譚勞酈邊莊閻連魚闕歐聶鞏厙闞簡饒豐關蒯荊權蓋賴溫龍黃鮑雷"
    # ...less those that begin many given names, Chinese (国, 文, 金) and Japanese (明美, 和也, 康弘, 花子).
)
"""The Chinese family names of one character, as a set of characters: 王伟 and 甘雷 are whole names."""
_JAPANESE_FAMILY_ENDINGS = frozenset("田中藤川本村木井野原島嶋崎﨑山口橋部谷沢澤岡塚林浦辺邊上下水")
"""Last characters of common Japanese family names (山田, 佐藤, 中川, 鈴木, 高橋, 三浦, 渡辺): no given name ends so."""
_CHINESE_GIVEN_ENDINGS = frozenset("山川林")
"""Of those, the ones a Chinese given name of one character may be too (王林, 李山): after a Chinese family
name, the two are a whole name."""


def _hangul(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def _han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def two_character_part(name: str) -> Literal["whole", "given", "family"] | None:
    """Which part of a name a name of two Chinese characters or two Korean syllables most likely is.

    "whole" for a Chinese family name and a given name (王伟, 張偉); "family" for a Japanese family name
    alone (山田, 佐藤); "given" for a given name alone (민준, 서연, 花子, 俊傑). Two Korean syllables are a
    given name: nearly every Korean's name has three (김민준), and a person whose name has two (김구) says
    so or gives the family name again. None for any other name.
    """
    if len(name) != 2:
        return None
    if all(map(_hangul, name)):
        return "given"
    if not all(map(_han, name)):
        return None
    chinese = name[0] in _CHINESE_FAMILY_NAMES
    if name[1] in _JAPANESE_FAMILY_ENDINGS and not (chinese and name[1] in _CHINESE_GIVEN_ENDINGS):
        return "family"  # 山田, 佐藤, and 田中, 高橋 (whose first character is a Chinese family name too)
    return "whole" if chinese else "given"
