"""Every content error's message, in French and English, keyed by error code.

Each message says what is wrong and how to fix it, in plain words for organisers.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "not_utf8": {
        "fr": "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8",
        "en": "the file is not UTF-8: save it as UTF-8",
    },
    "file_too_large": {
        "fr": "le fichier fait {size} octets, plus que la limite de {limit} : raccourcissez-le",
        "en": "the file is {size} bytes, over the {limit} limit: make it shorter",
    },
    "no_front_matter": {
        "fr": "le fichier doit commencer par une ligne « --- », puis les champs, puis une autre ligne « --- »",
        "en": "the file must start with a '---' line, then the fields, then another '---' line",
    },
    "unclosed_front_matter": {
        "fr": "l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé : ajoutez une ligne « --- » après le dernier champ",
        "en": "the header opened by '---' on line 1 is never closed: add a '---' line after the last field",
    },
    "yaml_syntax": {
        "fr": "erreur de syntaxe YAML ({detail}) : vérifiez l'indentation et les deux-points, et mettez la valeur entre guillemets si elle contient « : » ou « # »",
        "en": "YAML syntax error ({detail}): check the indentation and colons, and quote the value if it contains ':' or '#'",
    },
    "yaml_not_mapping": {
        "fr": "l'en-tête doit être une suite de champs « nom: valeur », un par ligne",
        "en": "the header must be a list of 'name: value' fields, one per line",
    },
    "yaml_alias": {
        "fr": "les ancres et alias YAML (« & », « * ») ne sont pas acceptés : écrivez la valeur en entier",
        "en": "YAML anchors and aliases ('&', '*') are not accepted: write the value out in full",
    },
    "yaml_tag": {
        "fr": "l'étiquette YAML « {tag} » n'est pas acceptée : retirez-la",
        "en": "the YAML tag '{tag}' is not accepted: remove it",
    },
    "duplicate_field": {
        "fr": "le champ « {name} » apparaît deux fois (déjà ligne {first}) : n'en gardez qu'un",
        "en": "the field '{name}' appears twice (already on line {first}): keep only one",
    },
    "unknown_field_suggest": {
        "fr": "champ inconnu « {name} » : vouliez-vous dire « {suggestion} » ?",
        "en": "unknown field '{name}': did you mean '{suggestion}'?",
    },
    "unknown_field": {
        "fr": "champ inconnu « {name} » : les champs possibles sont {known}",
        "en": "unknown field '{name}': the possible fields are {known}",
    },
    "missing_field": {
        "fr": "champ obligatoire manquant : ajoutez « {name}: … »",
        "en": "required field missing: add '{name}: …'",
    },
    "expected_text": {
        "fr": "« {name} » doit être un texte simple, pas une liste ni des sous-champs",
        "en": "'{name}' must be plain text, not a list or sub-fields",
    },
    "expected_list": {
        "fr": "« {name} » doit être une liste, par exemple : {name}: [{example}]",
        "en": "'{name}' must be a list, for example: {name}: [{example}]",
    },
    "expected_mapping": {
        "fr": "« {name} » doit avoir des sous-champs ({keys}), un par ligne, décalés de deux espaces",
        "en": "'{name}' must have sub-fields ({keys}), one per line, indented by two spaces",
    },
    "empty_text": {
        "fr": "« {name} » est vide : écrivez une valeur ou retirez le champ",
        "en": "'{name}' is empty: give it a value or remove the field",
    },
    "bad_date": {
        "fr": "date invalide « {value} » : écrivez AAAA-MM-JJ, ou AAAA-MM-JJ HH:MM avec l'heure (par exemple 2026-12-03 18:00)",
        "en": "invalid date '{value}': write YYYY-MM-DD, or YYYY-MM-DD HH:MM with a time (for example 2026-12-03 18:00)",
    },
    "impossible_date": {
        "fr": "la date « {value} » n'existe pas : vérifiez le jour, le mois et l'heure",
        "en": "the date '{value}' does not exist: check the day, month and time",
    },
    "date_has_offset": {
        "fr": "« {value} » contient un décalage horaire : écrivez l'heure locale du lieu, et le fuseau dans « timezone: »",
        "en": "'{value}' contains a UTC offset: write the local time of the place, and the zone in 'timezone:'",
    },
    "expected_day": {
        "fr": "« {value} » : écrivez une date seule, AAAA-MM-JJ",
        "en": "'{value}': write a date only, YYYY-MM-DD",
    },
    "end_before_start": {
        "fr": "la fin ({end}) est avant le début ({start}) : corrigez la date ou l'heure de fin",
        "en": "the end ({end}) is before the start ({start}): fix the end date or time",
    },
    "end_kind_mismatch": {
        "fr": "« start » et « end » doivent être tous deux des dates seules (journées entières) ou tous deux avec une heure",
        "en": "'start' and 'end' must both be dates only (whole days) or both have a time",
    },
    "nonexistent_time": {
        "fr": "{value} n'existe pas dans le fuseau {zone} : ce jour-là les horloges avancent d'une heure ; choisissez une autre heure",
        "en": "{value} does not exist in the {zone} zone: clocks go forward an hour that day; choose another time",
    },
    "unknown_timezone_suggest": {
        "fr": "fuseau horaire inconnu « {value} » : vouliez-vous dire « {suggestion} » ?",
        "en": "unknown time zone '{value}': did you mean '{suggestion}'?",
    },
    "unknown_timezone": {
        "fr": "fuseau horaire inconnu « {value} » : écrivez un nom IANA comme America/Toronto ou Europe/Paris",
        "en": "unknown time zone '{value}': write an IANA name such as America/Toronto or Europe/Paris",
    },
    "unknown_region_suggest": {
        "fr": "région inconnue « {value} » : vouliez-vous dire « {suggestion} » ? (les régions sont dans content/regions.yaml)",
        "en": "unknown region '{value}': did you mean '{suggestion}'? (regions are declared in content/regions.yaml)",
    },
    "unknown_region": {
        "fr": "région inconnue « {value} » : déclarez-la dans content/regions.yaml ou choisissez parmi {known}",
        "en": "unknown region '{value}': declare it in content/regions.yaml or choose one of {known}",
    },
    "unknown_series_suggest": {
        "fr": "série inconnue « {value} » : vouliez-vous dire « {suggestion} » ? (les séries sont dans content/series.yaml)",
        "en": "unknown series '{value}': did you mean '{suggestion}'? (series are declared in content/series.yaml)",
    },
    "unknown_series": {
        "fr": "série inconnue « {value} » : déclarez-la dans content/series.yaml ou choisissez parmi {known}",
        "en": "unknown series '{value}': declare it in content/series.yaml or choose one of {known}",
    },
    "unknown_event_suggest": {
        "fr": "événement inconnu « {value} » : vouliez-vous dire « {suggestion} » ? (c'est le slug de l'adresse /events/<slug>/)",
        "en": "unknown event '{value}': did you mean '{suggestion}'? (it is the slug in the address /events/<slug>/)",
    },
    "unknown_event": {
        "fr": "événement inconnu « {value} » : écrivez le slug de l'événement raconté, tel qu'il apparaît dans son adresse /events/<slug>/",
        "en": "unknown event '{value}': write the slug of the event, as it appears in its address /events/<slug>/",
    },
    "bad_slug": {
        "fr": "« {value} » n'est pas un slug valide (minuscules sans accents, chiffres et tirets) : écrivez par exemple « {suggestion} »",
        "en": "'{value}' is not a valid slug (lowercase without accents, digits and hyphens): write for example '{suggestion}'",
    },
    "bad_uid": {
        "fr": "« {value} » n'est pas un identifiant valide : lettres, chiffres, « . », « _ », « - » et « @ » seulement, 200 caractères au plus",
        "en": "'{value}' is not a valid identifier: letters, digits, '.', '_', '-' and '@' only, 200 characters at most",
    },
    "bad_url": {
        "fr": "« {value} » n'est pas une adresse web acceptée : elle doit commencer par https:// (ou http://) et nommer un site",
        "en": "'{value}' is not an accepted web address: it must start with https:// (or http://) and name a site",
    },
    "bad_status": {
        "fr": "statut inconnu « {value} » : choisissez scheduled, cancelled, postponed ou rescheduled (ou prévue, annulée, reportée, déplacée)",
        "en": "unknown status '{value}': choose scheduled, cancelled, postponed or rescheduled",
    },
    "bad_lang": {
        "fr": "langue inconnue « {value} » : choisissez fr ou en",
        "en": "unknown language '{value}': choose fr or en",
    },
    "bad_count": {
        "fr": "« {value} » n'est pas un nombre entier positif : écrivez par exemple 12",
        "en": "'{value}' is not a whole positive number: write for example 12",
    },
    "bad_latitude": {
        "fr": "latitude invalide « {value} » : un nombre décimal entre -90 et 90, par exemple 45.5017",
        "en": "invalid latitude '{value}': a decimal number between -90 and 90, for example 45.5017",
    },
    "bad_longitude": {
        "fr": "longitude invalide « {value} » : un nombre décimal entre -180 et 180, par exemple -73.5673",
        "en": "invalid longitude '{value}': a decimal number between -180 and 180, for example -73.5673",
    },
    "half_coordinates": {
        "fr": "donnez « lat » et « lon » ensemble, ou aucun des deux",
        "en": "give 'lat' and 'lon' together, or neither",
    },
    "bad_path": {
        "fr": "chemin « {value} » refusé : donnez un chemin relatif dans content/, sans « .. », par exemple images/photo.jpg",
        "en": "path '{value}' refused: give a relative path inside content/, without '..', for example images/photo.jpg",
    },
    "missing_file": {
        "fr": "le fichier « {value} » n'existe pas dans content/ : vérifiez le nom, les majuscules et l'extension",
        "en": "the file '{value}' does not exist in content/: check the name, capitals and extension",
    },
    "rrule_syntax": {
        "fr": "règle de récurrence illisible « {value} » : écrivez des parties NOM=VALEUR séparées par « ; », par exemple FREQ=MONTHLY;BYDAY=1TH",
        "en": "unreadable recurrence rule '{value}': write NAME=VALUE parts separated by ';', for example FREQ=MONTHLY;BYDAY=1TH",
    },
    "rrule_unknown_part": {
        "fr": "partie inconnue « {part} » dans la règle de récurrence : les parties possibles sont {known}",
        "en": "unknown part '{part}' in the recurrence rule: the possible parts are {known}",
    },
    "rrule_no_freq": {
        "fr": "la règle de récurrence doit avoir une fréquence, par exemple FREQ=MONTHLY",
        "en": "the recurrence rule needs a frequency, for example FREQ=MONTHLY",
    },
    "rrule_dtstart": {
        "fr": "n'écrivez pas DTSTART dans la règle : la première occurrence est la date de « start »",
        "en": "do not put DTSTART in the rule: the first occurrence is the 'start' date",
    },
    "rrule_bad_value": {
        "fr": "valeur invalide dans la règle de récurrence « {value} » : vérifiez {part} (par exemple BYDAY=1TH pour le premier jeudi)",
        "en": "invalid value in the recurrence rule '{value}': check {part} (for example BYDAY=1TH for the first Thursday)",
    },
    "duplicate_url": {
        "fr": "l'adresse {url} est déjà celle de {other} : donnez un autre « slug: » à l'un des deux fichiers",
        "en": "the address {url} already belongs to {other}: give one of the two files another 'slug:'",
    },
    "duplicate_uid": {
        "fr": "l'identifiant « {value} » est déjà celui de {other} : chaque événement doit avoir le sien",
        "en": "the identifier '{value}' already belongs to {other}: each event needs its own",
    },
    "region_cycle": {
        "fr": "la région « {value} » est son propre ancêtre ({chain}) : corrigez « parent »",
        "en": "the region '{value}' is its own ancestor ({chain}): fix 'parent'",
    },
    "region_needs_timezone": {
        "fr": "la région « {value} » n'a ni « parent » ni « timezone » : ajoutez « timezone: », par exemple Europe/Paris",
        "en": "the region '{value}' has neither 'parent' nor 'timezone': add 'timezone:', for example Europe/Paris",
    },
    "depends_on_broken": {
        "fr": "« {value} » a lui-même une erreur, signalée plus haut : corrigez-la d'abord",
        "en": "'{value}' has an error of its own, reported above: fix it first",
    },
    "yaml_tab": {
        "fr": "une tabulation sert d'indentation : YAML n'accepte que des espaces, remplacez-la par deux espaces",
        "en": "a tab is used for indentation: YAML only accepts spaces, replace it with two spaces",
    },
    "yaml_colon": {
        "fr": 'un « : » de trop dans la valeur : mettez la valeur entre guillemets, par exemple title: "Atelier : le web"',
        "en": "an extra ':' in the value: put the value in quotes, for example title: \"Workshop: the web\"",
    },
    "yaml_unclosed": {
        "fr": "une liste ouverte par « [ » (ou « {{ ») n'est pas fermée : ajoutez « ] » à la fin de la ligne",
        "en": "a list opened with '[' (or '{{') is not closed: add ']' at the end of the line",
    },
    "yaml_indent": {
        "fr": "l'indentation est incohérente : un champ commence au bord gauche, un sous-champ est décalé de deux espaces",
        "en": "the indentation is inconsistent: a field starts at the left edge, a sub-field is indented by two spaces",
    },
    "bad_visibility": {
        "fr": "visibilité inconnue « {value} » : choisissez public (par défaut), hidden (page sans annonce) ou draft (brouillon, rien n'est publié)",
        "en": "unknown visibility '{value}': choose public (the default), hidden (page, not listed) or draft (nothing published)",
    },
    "no_such_occurrence": {
        "fr": "la règle de récurrence n'a pas d'occurrence le {value} : donnez la date habituelle de l'occurrence à modifier",
        "en": "the recurrence rule has no occurrence on {value}: give the usual date of the occurrence to change",
    },
    "event_is_draft": {
        "fr": "l'événement « {value} » est un brouillon (visibility: draft) : publiez-le avant son récit",
        "en": "the event '{value}' is a draft (visibility: draft): publish it before its recap",
    },
    "rrule_count_and_until": {
        "fr": "la règle de récurrence a à la fois COUNT et UNTIL : gardez l'un des deux (RFC 5545)",
        "en": "the recurrence rule has both COUNT and UNTIL: keep only one of them (RFC 5545)",
    },
    "rrule_sub_daily": {
        "fr": "« {part} » répète l'événement plusieurs fois par jour, ce que Rencontres ne gère pas : une occurrence par jour au plus",
        "en": "'{part}' repeats the event several times a day, which Rencontres does not support: one occurrence a day at most",
    },
    "start_not_in_rule": {
        "fr": "la date de début ({value}) ne suit pas la règle de récurrence, dont la première date est {first} : mettez cette date dans « start »",
        "en": "the start ({value}) does not follow the recurrence rule, whose first date is {first}: put that date in 'start'",
    },
    "no_occurrence": {
        "fr": "la récurrence ne donne aucune date : vérifiez la règle, « except » et « add »",
        "en": "the recurrence gives no date at all: check the rule, 'except' and 'add'",
    },
    "change_kind_mismatch": {
        "fr": "la modification du {value} doit avoir des heures comme l'événement (ou des dates seules si l'événement dure des journées entières)",
        "en": "the change of {value} must have times like the event (or dates only if the event lasts whole days)",
    },
    "ambiguous_time": {
        "fr": "{value} existe deux fois dans le fuseau {zone} : ce jour-là les horloges reculent d'une heure ; choisissez une autre heure",
        "en": "{value} happens twice in the {zone} zone: clocks go back an hour that day; choose another time",
    },
    "unresolved_link": {
        "fr": "le lien « {value} » ne mène à aucun fichier publié de content/ : vérifiez le chemin (relatif au fichier, ou depuis content/ s'il commence par /)",
        "en": "the link '{value}' leads to no published file in content/: check the path (relative to this file, or from content/ if it starts with /)",
    },
    "past_new_event": {
        "fr": "cet événement est nouveau mais déjà passé ({value}) : vérifiez l'année et le mois de la date",
        "en": "this event is new but already over ({value}): check the year and month of the date",
    },
    "far_future": {
        "fr": "la date {value} est à plus de 18 mois d'ici : vérifiez l'année",
        "en": "the date {value} is more than 18 months away: check the year",
    },
    "duplicate_same_day": {
        "fr": "doublon possible de {other} (même série, même jour) : s'il s'agit du même événement, n'en gardez qu'un fichier",
        "en": "possible duplicate of {other} (same series, same day): if it is the same event, keep only one file",
    },
    "duplicate_similar_title": {
        "fr": "doublon possible de {other} (titre semblable, même ville, à quelques jours) : s'il s'agit du même événement, n'en gardez qu'un fichier",
        "en": "possible duplicate of {other} (similar title, same city, days apart): if it is the same event, keep only one file",
    },
    "link_shortener": {
        "fr": "« {value} » est un lien raccourci ({host}) : donnez l'adresse complète, pour que chacun voie où mène le lien",
        "en": "'{value}' is a shortened link ({host}): give the full address, so everyone sees where it leads",
    },
    "not_an_image": {
        "fr": "« {value} » n'est pas une image JPEG, PNG, GIF ou WebP lisible : exportez-la dans l'un de ces formats",
        "en": "'{value}' is not a readable JPEG, PNG, GIF or WebP image: export it in one of these formats",
    },
    "image_too_large": {
        "fr": "l'image « {value} » est trop grande ({detail}) : au plus {limit} ; réduisez-la avant de l'ajouter",
        "en": "the image '{value}' is too large ({detail}): at most {limit}; shrink it before adding it",
    },
    "far_from_region": {
        "fr": "le lieu ({lat}, {lon}) est à {distance} km de {region} : vérifiez « lat » et « lon » (à l'ouest de Greenwich, la longitude est négative)",
        "en": "the venue ({lat}, {lon}) is {distance} km from {region}: check 'lat' and 'lon' (west of Greenwich, longitude is negative)",
    },
    "online_with_venue": {
        "fr": "l'événement est en ligne mais son lieu « {value} » n'en est pas un : retirez « venue » pour un événement seulement en ligne",
        "en": "the event is online but its venue '{value}' is not a place: remove 'venue' for an online-only event",
    },
    "lost_event": {
        "fr": "l'événement « {title} » (identité {value}), publié sur {ref}, a disparu : ne supprimez pas un événement publié, mettez « status: cancelled » ; pour un retrait voulu, ajoutez « {value}: raison » dans content/removed.yaml",
        "en": "the event '{title}' (identity {value}), published on {ref}, is gone: do not delete a published event, set 'status: cancelled'; for a deliberate removal, add '{value}: reason' to content/removed.yaml",
    },
    "against_unreadable": {
        "fr": "impossible de lire le contenu de « {value} » dans git : vérifiez le nom de la branche (par exemple origin/main) et que l'historique est complet",
        "en": "cannot read the content of '{value}' from git: check the branch name (for example origin/main) and that the history is complete",
    },
    "unknown_choice": {
        "fr": "« {value} » n'est pas dans la liste : choisissez parmi {allowed}",
        "en": "'{value}' is not in the list: choose one of {allowed}",
    },
    "control_character": {
        "fr": "un caractère invisible interdit ({char}) est dans cette ligne : retapez la ligne, ou retirez ce caractère",
        "en": "a forbidden invisible character ({char}) is on this line: retype the line, or remove the character",
    },
    "yaml_quote": {
        "fr": "un guillemet ouvert sur cette ligne n'est jamais fermé : ajoutez le guillemet de fin, ou retirez celui du début",
        "en": "a quote opened on this line is never closed: add the closing quote, or remove the opening one",
    },
    "too_deep": {
        "fr": "des listes ou sous-champs imbriqués sur plus de {limit} niveaux : simplifiez cette valeur",
        "en": "lists or sub-fields nested more than {limit} levels deep: simplify this value",
    },
    "bidi_character": {
        "fr": "un caractère qui inverse le sens du texte ({char}) est dans « {name} » : retirez-le, il peut faire lire autre chose que ce qui est écrit",
        "en": "a character that reverses the text direction ({char}) is in '{name}': remove it, it can make the text read differently",
    },
    "not_in_images": {
        "fr": "« {value} » : une image doit être un fichier .jpg, .png, .gif ou .webp du dossier content/images/, par exemple images/photo.jpg",
        "en": "'{value}': an image must be a .jpg, .png, .gif or .webp file in content/images/, for example images/photo.jpg",
    },
    "unlisted_event": {
        "fr": "cet événement publié ne serait plus annoncé ({value}) : les abonnés le perdraient sans être prévenus ; pour l'annuler, mettez plutôt « status: cancelled »",
        "en": "this published event would no longer be listed ({value}): subscribers would lose it without being told; to call it off, set 'status: cancelled' instead",
    },
    "lost_occurrence": {
        "fr": "l'occurrence du {value}, déjà publiée, disparaîtrait sans prévenir les abonnés : annulez-la plutôt avec « changes: [{{date: {value}, status: cancelled}}] »",
        "en": "the occurrence of {value}, already published, would vanish without telling subscribers: cancel it instead with 'changes: [{{date: {value}, status: cancelled}}]'",
    },
    "ignored_file": {
        "fr": "ce fichier ne sera pas publié : seuls les fichiers .md sont lus dans content/{folder}/ ; renommez-le en .md s'il s'agit d'un événement ou d'un récit",
        "en": "this file will not be published: only .md files are read in content/{folder}/; rename it to .md if it is an event or a recap",
    },
    "bad_body_link": {
        "fr": "le lien « {value} » ne sera pas publié : seuls les liens https://, http:// et mailto: sont gardés ; donnez une adresse web",
        "en": "the link '{value}' will not be published: only https://, http:// and mailto: links are kept; give a web address",
    },
    "link_without_scheme": {
        "fr": "le lien « {value} » n'a pas de https:// au début : il mènerait à une page introuvable du site",
        "en": "the link '{value}' has no https:// in front: it would lead to a missing page of this site",
    },
    "bad_tag": {
        "fr": "l'étiquette « {value} » n'a ni lettre ni chiffre : choisissez un mot",
        "en": "the tag '{value}' has no letter or digit: choose a word",
    },
    "bad_field_name": {
        "fr": "« {value} » ne peut pas être un nom de champ : un nom de champ est un mot, comme title ou start",
        "en": "'{value}' cannot be a field name: a field name is a word, like title or start",
    },
}
