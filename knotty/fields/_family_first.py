"""Names written family name first in Latin letters, whose first word is no name to greet a person by.

Vietnamese ("Nguyen Van An"), Korean ("Oh Su Jin"), Chinese ("Wang Wei") and Hungarian ("Nagy Ferenc") names
are often written family name first, in Latin letters too; Balinese names open with I or Ni and a birth-order
name ("I Made Wirawan", "Ni Luh Putu Sari"). Greeted by the first word, such a person was called by the family
name or by the prefix ("Thanks, Nguyen.", "Nice to meet you, Ni."). Whether the order was turned round for an
English form cannot be told from the words ("Wei Wang" and "Wang Wei" are both written), so such a name is
greeted whole: never wrong, a little formal. What is saved is the name as given.

Short, hand-written lists (sets, looked up once per greeting): the commonest family names of those languages
as written in Latin letters without accents, less those that are common given names in English or Hungarian
(Lee, Kim, Young, Mai, Simon, László), which open "Kim Smith" as a given name. Those, and Le, are greeted whole
only where the rest shows the order: Văn or Thị in the middle ("Le Van An"), or two Korean syllables after
Kim or Lee ("Kim Min Jun").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotty.fields._name_reading import folded

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["opens_with_family_name"]

_FAMILY_NAMES = frozenset(
    """
    nguyen tran pham hoang huynh phan vu vo dang bui ngo duong dinh truong trinh doan luong quach phung
    choi jung jeong kang cho yoon yun jang lim shin kwon hwang ahn jeon hong ko moon yang bae baek
    seo oh noh ryu yoo nam sim park
    wang zhang liu chen zhao huang zhou wu xu sun zhu hu guo ma luo liang xie tang han feng deng cao
    peng zeng xiao tian dong pan yuan cai yu du ye cheng wei su lu ding ren shen yao jiang zhong
    cui tan qiu qin jia gao fu fang zou xiong bai chang dai duan fan gong gu hao he hou jin kong lai lei li
    liao lin long mao meng mo qian qiao shao shi song tao wan wen xia xiang xue yan yi yin zheng
    nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs juhasz lakatos
    meszaros olah racz fekete szilagyi torok feher gal kis szucs kocsis orsos pinter fodor szalai
    sipos magyar lukacs gulyas biro kiraly katona balog boros fazekas kelemen orosz
    somogyi fulop veres vincze hegedus deak bognar bodnar halasz szekely kozma pasztor bakos balla barna barta
    borbely budai csonka dudas farago hajdu illes kerekes lengyel mezei nemes novak orban pataki sarkozi soos
    szekeres szoke varadi vass virag voros
""".split()  # noqa: SIM905 - a list of names reads best as words
)
"""Family names written first, folded (no accents): "Nguyễn" is nguyen, "Kovács" kovacs."""
_BALINESE_PREFIXES = frozenset({"i", "ni"})
_VIETNAMESE_MIDDLE = frozenset({"van", "thi"})
"""Văn and Thị, folded: between a Vietnamese family name and the given name ("Mai Văn An", "Le Thi Hoa")."""
_ALSO_VIETNAMESE = frozenset({"le", "mai"})
"""Vietnamese family names that are a French article and an English given name: family names before Van or Thi."""
_ALSO_GIVEN = frozenset({"kim", "lee", "yi"})
"""Korean family names that are given names in English too: family names only before two Korean syllables."""


def opens_with_family_name(words: list[str], korean_syllable: Callable[[str], bool]) -> bool:
    """Whether a name of two words or more opens with a family name written first or a Balinese prefix: it is
    then greeted whole. ``korean_syllable`` tells a syllable of a Korean name ("min")."""
    if len(words) < 2:  # a family name and a given name
        return False
    plain = [folded(w) for w in words]
    first = plain[0]
    if first in _FAMILY_NAMES or first in _BALINESE_PREFIXES:
        return True
    if (
        len(plain) == 3
        and plain[1] in _VIETNAMESE_MIDDLE
        and (first in _ALSO_VIETNAMESE or not words[1].isascii())
    ):
        return True  # "Mai Văn An", "Le Van An"; "Ana van Dyke" is greeted Ana
    return first in _ALSO_GIVEN and len(plain) == 3 and all(map(korean_syllable, plain[1:]))
