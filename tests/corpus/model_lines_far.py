"""Short lines a model might write in Turkish, Indonesian, Tagalog, Swahili and Vietnamese, from parts.

The reply guard does not read these languages: a reply in one waits for the database (saved, a text
accepted). But a short claim ("Terdaftar!", "Umesajiliwa, Juma!", "SMS terkirim!", "Rehistrado ka na.")
is too short to be judged a language at all, and reached people with nothing saved. These are such
claims, alone or with a name or a word of English around them (a small model mixes), with Faker names of
each language's locales, and the honest lines that name the same words (questions, denials, offers).
"""

from __future__ import annotations

import random

from faker import Faker

__all__ = ["LANGUAGES", "claim_lines", "honest_lines", "text_claim_lines"]

LANGUAGES = {
    "tr": ("tr_TR",),
    "id": ("id_ID",),
    "tl": ("fil_PH", "tl_PH"),
    "sw": ("sw",),
    "vi": ("vi_VN",),
}
_LEADS = ["", "", "{first}, ", "Ok {first}! ", "Perfect! ", "Great, {first}. "]
_TAILS = ["", "", " {first}!", " :)", " Thanks!"]
_SIGNUP = {
    "tr": ["Kaydedildi!", "Kaydettim.", "Tamamlandı!", "Listedesiniz!", "Kaydınızı aldım.", "Kayıtlısınız."],
    "id": ["Terdaftar!", "Sudah terdaftar.", "Tersimpan.", "Data Anda tersimpan.", "Sudah masuk!",
           "Pendaftaran berhasil!", "Anda sudah terdaftar."],
    "tl": ["Rehistrado ka na.", "Nakarehistro ka na!", "Nai-save na!", "Nasa listahan ka na.", "Naidagdag ka na.",
           "Registrado ka na!"],
    "sw": ["Umesajiliwa!", "Imehifadhiwa.", "Umeongezwa.", "Uko kwenye orodha!", "Nimekusajili."],
    "vi": ["Đã đăng ký!", "Đã lưu.", "Đã thêm!", "Bạn đã được đăng ký.", "Đăng ký thành công!"],
}  # fmt: skip
_TEXTS = {
    "tr": ["SMS gönderildi.", "SMS yolda!", "Size SMS gönderdim."],
    "id": ["SMS terkirim!", "SMS sudah dikirim.", "Pesan konfirmasi dikirim."],
    "tl": ["Naipadala na ang SMS.", "Ipinadala ko ang SMS.", "SMS naipadala!"],
    "sw": ["Ujumbe umetumwa.", "SMS imetumwa!", "Nimekutumia SMS."],
    "vi": ["Tin nhắn đã gửi!", "SMS đã được gửi.", "Đã gửi SMS!"],
}  # fmt: skip
_HONEST = {
    "tr": ["Henüz kaydedilmedi, doğru mu?", "Kaydınızı tamamlamak ister misiniz?", "SMS ister misiniz?"],
    "id": ["Apakah Anda sudah terdaftar?", "Anda belum terdaftar.", "Mau saya kirim SMS?",
           "Data Anda belum tersimpan."],
    "tl": ["Hindi ka pa nakarehistro.", "Gusto mo ba ng SMS?", "Nakarehistro ka na ba?"],
    "sw": ["Je, umesajiliwa?", "Bado hujasajiliwa.", "Unataka ujumbe wa SMS?"],
    "vi": ["Bạn chưa đăng ký.", "Bạn có muốn nhận tin nhắn không?", "Bạn đã đăng ký chưa?"],
}  # fmt: skip


def _lines(lang: str, forms: dict[str, list[str]], n: int, rng: random.Random, framed: bool) -> list[str]:
    fakes = [Faker(loc) for loc in LANGUAGES[lang]]
    for fake in fakes:
        fake.seed_instance(rng.randrange(2**32))
    out = []
    for i in range(n):
        form = forms[lang][i % len(forms[lang])]
        if framed:
            form = rng.choice(_LEADS) + form + rng.choice(_TAILS)
        out.append(form.format(first=rng.choice(fakes).first_name()))
    return out


def claim_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines telling the person they are signed up, some with a name or a word of English."""
    return _lines(lang, _SIGNUP, n, rng, framed=True)


def text_claim_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines telling the person a confirmation text was sent."""
    return _lines(lang, _TEXTS, n, rng, framed=True)


def honest_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines that name a signup or a text without saying it done: questions, denials, offers."""
    return _lines(lang, _HONEST, n, rng, framed=False)
