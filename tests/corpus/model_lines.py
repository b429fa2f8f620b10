"""Lines a model might write in the languages the reply guard reads, generated from parts.

Claims (signed up, saved, a text sent) and honest lines (questions, a save or a text put after a
confirmation, offers, denials, read-backs) in Spanish, Portuguese and French, with Faker names of the
language's own locales; and `unaccented`, the same line typed the way people and small models often
write it: without its accents, or with only some of them.
"""

from __future__ import annotations

import random
import unicodedata

from faker import Faker

__all__ = ["LANGUAGES", "claim_lines", "honest_lines", "text_claim_lines", "text_offer_lines", "unaccented"]

LANGUAGES = {"es": ("es_ES", "es_MX", "es_AR"), "pt": ("pt_BR", "pt_PT"), "fr": ("fr_FR", "fr_CA")}

_LEADS = {
    "es": ["", "¡Listo, {first}! ", "Perfecto, {first}. ", "Gracias, {first}. ", "Genial. ", "Muy bien, "],
    "pt": ["", "Pronto, {first}! ", "Perfeito, {first}. ", "Obrigado, {first}. ", "Ótimo. ", "Muito bem, "],
    "fr": ["", "Parfait, {first} ! ", "Merci, {first}. ", "C'est noté. ", "Très bien, ", "Voilà, "],
}
_TAILS = {
    "es": ["", " ¡Gracias!", " ¿Algo más?", " Que tengas un buen día.", " ¿Quieres un SMS de confirmación?"],
    "pt": ["", " Obrigado!", " Mais alguma coisa?", " Tenha um ótimo dia.", " Quer um SMS de confirmação?"],
    "fr": ["", " Merci !", " Autre chose ?", " Bonne journée !", " Voulez-vous un SMS de confirmation ?"],
}
_SIGNUP = {
    "es": [
        "Ya estás {registrado} en la lista de espera.",
        "Estás en la lista de espera.",
        "Quedaste {registrado}.",
        "Guardé tus datos.",
        "He guardado tus datos.",
        "Te he {apuntado} en la lista.",
        "Te añadí a la lista de espera.",
        "Te registré en MasseurMatch.",
        "Tus datos ya están guardados.",
        "Tu registro está completo.",
        "Tu inscripción quedó confirmada.",
        "Ya formas parte de la lista.",
        "Has sido {inscrito} con éxito.",
        "{Bienvenido} a la lista de espera.",
        "Ya estás dentro.",
        "Tu lugar está reservado.",
        "Ya te apunté.",
        "Registramos tus datos.",
        "Te inscribí en la lista.",
    ],
    "pt": [
        "Você já está {cadastrado}.",
        "Já está {cadastrado}!",
        "Você está na lista de espera.",
        "Seus dados foram salvos.",
        "Salvei seus dados.",
        "Seu cadastro foi concluído.",
        "Cadastrei você na lista.",
        "Você foi {inscrito} com sucesso.",
        "Sua inscrição está confirmada.",
        "{Bemvindo} à lista de espera!",
        "Você já faz parte da lista.",
        "Registrei você na lista de espera.",
        "Já está na lista!",
        "Seu lugar está garantido.",
        "Já registrei seus dados.",
    ],
    "fr": [
        "Vous êtes {inscrit}.",
        "Vous êtes bien {inscrit} sur la liste d'attente.",
        "C'est enregistré !",
        "J'ai enregistré vos coordonnées.",
        "Votre inscription est confirmée.",
        "Je vous ai {ajoute} à la liste.",
        "Vous faites maintenant partie de la liste d'attente.",
        "Tu es {inscrit} !",
        "Vos informations ont été enregistrées.",
        "Bienvenue sur la liste d'attente !",
        "Votre place est réservée.",
        "Inscription terminée.",
        "Vous voilà {inscrit} !",
    ],
}
_TEXTS = {
    "es": [
        "Te envié un SMS de confirmación.",
        "Te acabo de mandar un mensaje.",
        "Ya te mandé la confirmación por SMS.",
        "Te llegará un mensaje en unos minutos.",
        "Recibirás un SMS de confirmación.",
        "El SMS ya está en camino.",
        "Te enviamos un mensaje de texto.",
        "Revisa tus mensajes.",
        "Ya te envié el mensaje.",
    ],
    "pt": [
        "Enviei um SMS para você.",
        "Te mandei uma mensagem de confirmação.",
        "Você vai receber um SMS em instantes.",
        "A mensagem já está a caminho.",
        "Acabei de enviar a confirmação por SMS.",
        "Você receberá uma mensagem de confirmação.",
        "Já te enviei o SMS.",
    ],
    "fr": [
        "Je vous ai envoyé un SMS.",
        "Un SMS de confirmation vous a été envoyé.",
        "Vous allez recevoir un SMS.",
        "Vous recevrez un message de confirmation.",
        "Le SMS est en route.",
        "Je viens de vous envoyer la confirmation.",
        "Je t'ai envoyé un SMS.",
    ],
}
_QUESTIONS = {
    "es": [
        "¿Cuál es tu nombre completo?",
        "¿Me das tu número de teléfono?",
        "¿Cuál es tu correo electrónico?",
        "¿Eres terapeuta o cliente?",
        "¿Ya estás {registrado} en MasseurMatch?",
        "¿Guardo tus datos así?",
        "¿Está bien si guardo tus datos?",
        "¿Te registro con estos datos?",
        "¿Quieres que te apunte en la lista?",
    ],
    "pt": [
        "Qual é o seu nome completo?",
        "Qual é o seu e-mail?",
        "Você é terapeuta ou cliente?",
        "Você já está {cadastrado}?",
        "Posso salvar seus dados?",
        "Quer que eu te cadastre na lista?",
        "Qual é o seu telefone?",
    ],
    "fr": [
        "Quel est votre nom complet ?",
        "Quelle est votre adresse e-mail ?",
        "Êtes-vous thérapeute ou client ?",
        "Êtes-vous déjà {inscrit} ?",
        "Puis-je enregistrer vos coordonnées ?",
        "Quel est votre numéro de téléphone ?",
    ],
}
_LATER = {
    "es": [
        "Cuando me confirmes, guardaré tus datos.",
        "Una vez que confirmes, te apunto en la lista.",
        "Antes de guardar tus datos, necesito tu correo.",
        "Todavía no he guardado tus datos.",
        "Aún no estás en la lista: me falta tu correo.",
        "Si todo está bien, guardo tus datos.",
        "Para que guarde tus datos, necesito tu teléfono.",
        "Te leo tus datos: {name}, {email}. ¿Es correcto?",
        "Después de guardar tus datos te puedo enviar un SMS.",
    ],
    "pt": [
        "Quando você confirmar, vou salvar seus dados.",
        "Assim que você confirmar, eu te cadastro na lista.",
        "Ainda não salvei seus dados.",
        "Você ainda não está na lista: falta o seu e-mail.",
        "Antes de salvar, preciso do seu telefone.",
        "Vou ler seus dados: {name}, {email}. Está correto?",
        "Depois de salvar seus dados, posso enviar um SMS.",
    ],
    "fr": [
        "Une fois que vous aurez confirmé, j'enregistrerai vos coordonnées.",
        "Je n'ai pas encore enregistré vos informations.",
        "Dès que vous confirmez, je vous inscris.",
        "Vous n'êtes pas encore inscrit : il me manque votre e-mail.",
        "Avant de vous inscrire, j'ai besoin de votre téléphone.",
        "Je relis vos coordonnées : {name}, {email}. Est-ce correct ?",
        "Après l'inscription, je peux vous envoyer un SMS.",
    ],
}
_OFFERS = {
    "es": [
        "¿Quieres que te envíe un SMS de confirmación?",
        "¿Te gustaría recibir un SMS de confirmación?",
        "Si quieres, te puedo enviar un SMS de confirmación.",
        "¿Te mando un mensaje de confirmación?",
        "¿Deseas que te envíe la confirmación por SMS?",
        "Quieres que te envíe un SMS de confirmación",
    ],
    "pt": [
        "Quer que eu envie um SMS de confirmação?",
        "Posso te enviar uma mensagem de confirmação?",
        "Gostaria de receber um SMS de confirmação?",
        "Se quiser, envio um SMS de confirmação.",
    ],
    "fr": [
        "Voulez-vous que je vous envoie un SMS de confirmation ?",
        "Souhaitez-vous recevoir un SMS ?",
        "Je peux vous envoyer un SMS de confirmation si vous le souhaitez.",
        "Voulez-vous recevoir la confirmation par SMS ?",
    ],
}
_GENDERED = {
    "registrado": ("registrado", "registrada"), "apuntado": ("apuntado", "apuntada"),
    "inscrito": ("inscrito", "inscrita"), "Bienvenido": ("Bienvenido", "Bienvenida"),
    "cadastrado": ("cadastrado", "cadastrada"), "Bemvindo": ("Bem-vindo", "Bem-vinda"),
    "inscrit": ("inscrit", "inscrite"), "ajoute": ("ajouté", "ajoutée"),
}  # fmt: skip


def _fill(form: str, fake: Faker, rng: random.Random) -> str:
    feminine = rng.random() < 0.5
    person = fake.first_name_female() if feminine else fake.first_name_male()
    words = {k: v[feminine] for k, v in _GENDERED.items()}
    name = f"{person} {fake.last_name()}"
    return form.format(first=person, name=name, email=fake.email(), **words)


def _lines(lang: str, forms: dict[str, list[str]], n: int, rng: random.Random, framed: bool) -> list[str]:
    fakes = [Faker(loc) for loc in LANGUAGES[lang]]
    for fake in fakes:
        fake.seed_instance(rng.randrange(2**32))
    out = []
    for i in range(n):
        fake = rng.choice(fakes)
        form = forms[lang][i % len(forms[lang])]
        if framed:
            form = rng.choice(_LEADS[lang]) + form + rng.choice(_TAILS[lang])
        out.append(_fill(form, fake, rng))
    return out


def claim_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines telling the person they are signed up, each in a lead and a tail."""
    return _lines(lang, _SIGNUP, n, rng, framed=True)


def text_claim_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines telling the person a confirmation text was sent or is coming."""
    return _lines(lang, _TEXTS, n, rng, framed=True)


def honest_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines true before any save: questions, a save put after a confirmation, denials, read-backs."""
    half = n // 2
    return _lines(lang, _QUESTIONS, half, rng, framed=False) + _lines(
        lang, _LATER, n - half, rng, framed=False
    )


def text_offer_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` offers of a confirmation text (true once the details are saved)."""
    return _lines(lang, _OFFERS, n, rng, framed=False)


def unaccented(text: str, rng: random.Random) -> str:
    """`text` typed without accents: all of them gone, or (one time in three) each gone by chance."""
    some = rng.random() < 1 / 3
    out = []
    for ch in text:
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(bare if bare != ch and (not some or rng.random() < 0.5) else ch)
    return "".join(out)
