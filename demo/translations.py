"""Welsh demo content for `load_demo`: the home page, the about page, the news and working
groups indexes, one working group and one post, the categories and aims they show, the
footer and the menu.

Made the way a translator makes them, through wagtail-localize (translation memory, then
the target saved from it), so that the editor shows these pages as translations that
follow their English source. Idempotent: a page or snippet already in Welsh is left alone.
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from blog.models import BlogPage
from home.models import FooterText, MainMenu, MainMenuItem

WELSH = "cy"

# English source string -> Welsh, per object. Slugs stay English, so that an address
# differs between the languages only by its /cy/ prefix.
HOME = {
    "Home": "Hafan",
    "Labour In Exile Network": "Rhwydwaith Llafur yn Alltud",
    "Shadow CLPs, working groups and open meetings of the Labour In Exile Network.": (
        "CLPs cysgodol, gweithgorau a chyfarfodydd agored Rhwydwaith Llafur yn Alltud."
    ),
    "Organising where our local parties were shut down": "Trefnu lle caewyd ein pleidiau lleol",
    "Shadow constituency groups, working groups and open meetings for members who will not "
    "be silenced.": "Grwpiau etholaeth cysgodol, gweithgorau a chyfarfodydd agored i aelodau "
    "na chânt eu tawelu.",
    "Across the country, local Labour parties have been suspended and socialists expelled. "
    "We keep the work going: we meet, we campaign in our communities and we organise to "
    "change the party.": "Ledled y wlad, mae pleidiau Llafur lleol wedi cael eu hatal a "
    "sosialwyr wedi cael eu diarddel. Rydym yn cadw'r gwaith i fynd: rydym yn cyfarfod, yn "
    "ymgyrchu yn ein cymunedau ac yn trefnu i newid y blaid.",
    "Join the network": "Ymunwch â'r rhwydwaith",
    "Membership costs £5 a year unwaged or £10 a year waged. Every member can join a working "
    "group and help set up a shadow CLP.": "Mae aelodaeth yn costio £5 y flwyddyn heb gyflog "
    "neu £10 y flwyddyn gyda chyflog. Gall pob aelod ymuno â gweithgor a helpu i sefydlu "
    "CLP cysgodol.",
    "Join us": "Ymunwch â ni",
    "Open online meetings take place every month. Members receive the joining details by "
    "email.": "Cynhelir cyfarfodydd agored ar-lein bob mis. Mae aelodau'n cael y manylion "
    "ymuno drwy e-bost.",
}
ABOUT = {
    "About us": "Amdanom ni",
    "A network of Labour members who keep organising where their local parties were "
    "suspended.": "Rhwydwaith o aelodau Llafur sy'n dal i drefnu lle cafodd eu pleidiau "
    "lleol eu hatal.",
    "Who we are": "Pwy ydym ni",
    "We are Labour Party members, and former members, who keep organising after our local "
    "parties were suspended or we were pushed out of them. Where a constituency party has "
    "been shut down, members meet as a <b>shadow CLP</b> so that the work in the community "
    "carries on.": "Rydym yn aelodau o'r Blaid Lafur, a chyn-aelodau, sy'n dal i drefnu ar "
    "ôl i'n pleidiau lleol gael eu hatal neu i ni gael ein gwthio allan ohonynt. Lle mae "
    "plaid etholaeth wedi'i chau, mae aelodau'n cyfarfod fel <b>CLP cysgodol</b> fel bod "
    "y gwaith yn y gymuned yn parhau.",
    "What we do": "Beth rydym yn ei wneud",
    "Our work serves three aims:": "Mae ein gwaith yn gwasanaethu tri nod:",
    "fighting the purge of socialists from the party;": "ymladd carthiad sosialwyr o'r blaid;",
    "changing the party, so that members decide its policies and its candidates;": (
        "newid y blaid, fel bod aelodau'n penderfynu ar ei pholisïau a'i hymgeiswyr;"
    ),
    "campaigning in our communities, with or without the party's permission.": (
        "ymgyrchu yn ein cymunedau, gyda chaniatâd y blaid neu hebddo."
    ),
    "Working groups take on the press, social media and outreach, analysis of the "
    "witch-hunt, racism, disabilities and more. Anyone can propose a new one.": "Mae "
    "gweithgorau'n ymdrin â'r wasg, y cyfryngau cymdeithasol ac allgymorth, dadansoddi'r "
    "helfa wrachod, hiliaeth, anableddau a mwy. Gall unrhyw un gynnig un newydd.",
    "They suspended our branch. They did not suspend our members.": (
        "Fe wnaethon nhw atal ein cangen. Wnaethon nhw ddim atal ein haelodau."
    ),
    "A shadow CLP convenor": "Cynullydd CLP cysgodol",
    "speaking at an open online meeting": "yn siarad mewn cyfarfod agored ar-lein",
}
NEWS_INDEX = {
    "News": "Newyddion",
    "Reports from our meetings, statements and campaign updates.": (
        "Adroddiadau o'n cyfarfodydd, datganiadau a newyddion ein hymgyrchoedd."
    ),
}
WORKING_GROUPS_INDEX = {
    "Working groups": "Gweithgorau",
    "Much of the network's work is done in thematic working groups. Every member can join "
    "one, and propose a new one.": "Gwneir llawer o waith y rhwydwaith mewn gweithgorau "
    "thematig. Gall pob aelod ymuno ag un, a chynnig un newydd.",
}
PRESS_GROUP = {
    "Press": "Y wasg",
    "Statements, press releases and letters to editors about the purge.": (
        "Datganiadau, datganiadau i'r wasg a llythyrau at olygyddion am y carthiad."
    ),
    "The press group writes the network's statements and press releases, answers "
    "journalists and helps members write letters to local papers.": "Mae grŵp y wasg yn "
    "ysgrifennu datganiadau a datganiadau i'r wasg y rhwydwaith, yn ateb newyddiadurwyr ac "
    "yn helpu aelodau i ysgrifennu llythyrau at bapurau lleol.",
    "A briefing for journalists on how suspensions are handled.": (
        "Papur briffio i newyddiadurwyr ar sut yr ymdrinnir ag ataliadau."
    ),
    "Online, on the first Monday of the month at 7.30pm. Members receive the joining details "
    "by email.": "Ar-lein, ar ddydd Llun cyntaf y mis am 7.30yh. Mae aelodau'n cael y "
    "manylion ymuno drwy e-bost.",
    "Use the form below: the convenor will reply by email.": (
        "Defnyddiwch y ffurflen isod: bydd y cynullydd yn ateb drwy e-bost."
    ),
}
COFFEE_POST = {
    "Coffee mornings return": "Y boreau coffi yn ôl",
    "The coffee mornings working group restarts its weekly online coffee mornings, open to "
    "every member.": "Mae gweithgor y boreau coffi yn ailgychwyn ei foreau coffi wythnosol "
    "ar-lein, sy'n agored i bob aelod.",
    "Every Tuesday morning, members drop in for an hour of conversation. No agenda, no "
    "minutes: a place to meet comrades from other areas.": "Bob bore dydd Mawrth, mae "
    "aelodau'n galw heibio am awr o sgwrs. Dim agenda, dim cofnodion: lle i gwrdd â "
    "chymrodyr o ardaloedd eraill.",
}
CATEGORIES = {
    "Campaigns": "Ymgyrchoedd",
    "Reports and calls to action from our campaigns.": (
        "Adroddiadau a galwadau i weithredu o'n hymgyrchoedd."
    ),
    "How we work": "Sut rydym yn gweithio",
    "How the network, its groups and its meetings run.": (
        "Sut mae'r rhwydwaith, ei grwpiau a'i gyfarfodydd yn gweithio."
    ),
}
AIMS = {
    "Fighting the purge": "Ymladd y carthiad",
    "Defending members who are suspended or expelled, and exposing how it is done.": (
        "Amddiffyn aelodau sydd wedi'u hatal neu eu diarddel, a dangos sut y gwneir hynny."
    ),
}
FOOTER = (
    "<p>Cyhoeddir gan wirfoddolwyr Rhwydwaith Llafur yn Alltud. Nid ydym byth yn cyhoeddi "
    "nac yn rhannu manylion personol aelodau: darllenwch ein "
    '<a linktype="page" id="{privacy_id}">polisi preifatrwydd</a>.</p>'
)
WELSH_PAGES = [
    # (slug under its parent, strings), parents before children.
    (None, HOME),
    ("about", ABOUT),
    ("blog", NEWS_INDEX),
    ("working-groups", WORKING_GROUPS_INDEX),
    ("press", PRESS_GROUP),
    ("coffee-mornings-return", COFFEE_POST),
]


def translate(instance, locale, strings):
    """Translate `instance` into `locale` through wagtail-localize, with `strings` (English ->
    Welsh) entered in its translation memory as a translator's PO file would be; returns
    the translation (pages: a live page)."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    translation.import_po(po, tool_name="load_demo")
    if isinstance(instance, Page):
        # Saved as a draft, then published here: wagtail-localize would publish only once
        # the surrounding transaction commits.
        translation.save_target(publish=False)
        page = instance.get_translation(locale)
        page.get_latest_revision().publish()
        return page
    translation.save_target(publish=True)
    return instance.get_translation(locale)


def ensure_welsh(home, privacy, created):
    locale = Locale.objects.filter(language_code=WELSH).first()
    if locale is None:
        return
    for slug, strings in WELSH_PAGES:
        if slug is None:
            page = home
        else:
            page = home.get_descendants().filter(slug=slug, locale=home.locale).first()
        if page is None or page.has_translation(locale):
            continue
        if isinstance(page.specific, BlogPage):
            for category in page.specific.categories.all():
                if not category.has_translation(locale) and category.name in CATEGORIES:
                    translate(category, locale, CATEGORIES)
        aim = getattr(page.specific, "aim", None)
        if aim is not None and not aim.has_translation(locale) and aim.name in AIMS:
            translate(aim, locale, AIMS)
        welsh_page = translate(page.specific, locale, strings)
        created.append(f"Welsh '{welsh_page.title}'")
    ensure_welsh_footer(locale, privacy, created)
    ensure_welsh_menu(locale, created)


def ensure_welsh_footer(locale, privacy, created):
    if FooterText.objects.filter(locale=locale).exists():
        return
    english = FooterText.objects.filter(locale=Locale.get_default()).first()
    footer = FooterText(locale=locale, body=FOOTER.format(privacy_id=privacy.pk))
    if english is not None:
        footer.translation_key = english.translation_key
    footer.save()
    # Published here, not sent to the moderators: the demo's translations are approved.
    footer.save_revision().publish()
    created.append("Welsh footer text")


def ensure_welsh_menu(locale, created):
    english = MainMenu.objects.filter(locale=Locale.get_default()).first()
    if english is None or MainMenu.objects.filter(locale=locale).exists():
        return
    menu = MainMenu(title="Prif ddewislen", locale=locale, translation_key=english.translation_key)
    items = []
    for index, item in enumerate(english.items.select_related("link_page")):
        page = item.link_page
        if page is not None:
            # The Welsh page where there is one, else the English one.
            page = page.get_translation_or_none(locale) or page
        items.append(
            MainMenuItem(
                locale=locale,
                link_page=page,
                link_url=item.link_url,
                link_text=item.link_text,
                sort_order=index,
            )
        )
    menu.items = items
    menu.save()
    menu.save_revision().publish()
    created.append("Welsh main menu")
