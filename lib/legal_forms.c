/*
 * legal_forms: legal forms of companies, as a static table.
 *
 * Source: shared/data/reference/legal-forms.tsv (the project's curated list
 * of Russian, CIS and English/EU legal forms; see shared/research/
 * validation.md §3.6; redistributable with the project's reference data,
 * shared/data/README.md).  Every row of that file appears here twice, as
 * its abbreviation and as its full name (with the row's kind as a
 * comment); the other spellings come from its notes column and from the
 * data we meet (transliterations, dotted and undotted variants).
 * tests/unit/norm_test.c reads the TSV at test time and fails when a row
 * is missing here.  The
 * last column is the first letter of the spelling folded (lower case, ё as
 * е); the table is sorted on it so the matcher can binary-search; the unit
 * test checks both.
 *
 * Matching (lib/norm.c) ignores case and ё/е, and reads Latin look-alike
 * letters as Cyrillic for Cyrillic spellings of three letters or more
 * ("OOO" with Latin O is ООО).
 */
#include "legal_forms.h"

#define AMBIG CRM_LF_AMBIG
#define SUFFIX CRM_LF_SUFFIX
#define PREFIX CRM_LF_PREFIX
#define CASE CRM_LF_CASE
#define LOOKUP CRM_LF_LOOKUP

const struct crm_legal_spelling crm_legal_spellings[] = {
	{ "& Co.", "Co.", SUFFIX, 0x26 },
	{ "& Co", "Co.", SUFFIX | CASE, 0x26 },
	{ "AG", "AG", CASE | SUFFIX, 0x61 }, /* de/at/ch */
	{ "Aktiengesellschaft", "AG", SUFFIX, 0x61 }, /* de/at/ch */
	{ "B.V.", "B.V.", SUFFIX, 0x62 }, /* nl */
	{ "Besloten vennootschap", "B.V.", SUFFIX, 0x62 }, /* nl */
	{ "BV", "B.V.", SUFFIX | CASE, 0x62 },
	{ "Corp.", "Corp.", SUFFIX, 0x63 }, /* en-us */
	{ "Corporation", "Corp.", SUFFIX, 0x63 }, /* en-us */
	{ "Co.", "Co.", SUFFIX, 0x63 }, /* en */
	{ "Company", "Co.", LOOKUP, 0x63 }, /* en */
	{ "Corp", "Corp.", SUFFIX, 0x63 },
	{ "Co", "Co.", SUFFIX | CASE, 0x63 },
	{ "GmbH", "GmbH", SUFFIX, 0x67 }, /* de/at/ch */
	/* de/at/ch */
	{ "Gesellschaft mit beschränkter Haftung", "GmbH", SUFFIX, 0x67 },
	{ "GmbH & Co. KG", "GmbH & Co. KG", SUFFIX, 0x67 },
	{ "gGmbH", "gGmbH", SUFFIX | CASE, 0x67 },
	{ "Inc.", "Inc.", SUFFIX, 0x69 }, /* en-us */
	{ "Incorporated", "Inc.", SUFFIX, 0x69 }, /* en-us */
	{ "Inc", "Inc.", SUFFIX, 0x69 },
	{ "KG", "KG", CASE | SUFFIX, 0x6b }, /* de */
	{ "Kommanditgesellschaft", "KG", SUFFIX, 0x6b }, /* de */
	{ "LLC", "LLC", 0, 0x6c }, /* en-us */
	{ "Limited liability company", "LLC", 0, 0x6c }, /* en-us */
	{ "Ltd", "Ltd", SUFFIX, 0x6c }, /* en-gb */
	/* pt-br: the selected ISO 20275 extract has no Brazil; the forms of its
	 * Código Civil (sociedade limitada, art. 1.158) */
	{ "Ltda.", "Ltda.", SUFFIX, 0x6c },
	{ "Ltda", "Ltda.", SUFFIX, 0x6c },
	{ "Limitada", "Ltda.", SUFFIX, 0x6c },
	{ "Limited", "Ltd", SUFFIX, 0x6c }, /* en-gb */
	{ "LLP", "LLP", SUFFIX, 0x6c }, /* en */
	{ "Limited liability partnership", "LLP", SUFFIX, 0x6c }, /* en */
	{ "LP", "LP", CASE | SUFFIX, 0x6c }, /* en */
	{ "Limited partnership", "LP", SUFFIX, 0x6c }, /* en */
	{ "L.L.C.", "LLC", 0, 0x6c },
	{ "Ltd.", "Ltd", SUFFIX, 0x6c },
	{ "N.V.", "N.V.", SUFFIX, 0x6e }, /* nl */
	{ "Naamloze vennootschap", "N.V.", SUFFIX, 0x6e }, /* nl */
	{ "NV", "N.V.", SUFFIX | CASE, 0x6e },
	{ "OHG", "OHG", SUFFIX, 0x6f }, /* de */
	{ "Offene Handelsgesellschaft", "OHG", SUFFIX, 0x6f }, /* de */
	{ "PLC", "PLC", SUFFIX, 0x70 }, /* en-gb */
	{ "Public limited company", "PLC", SUFFIX, 0x70 }, /* en-gb */
	{ "Pte. Ltd.", "Pte. Ltd.", SUFFIX, 0x70 }, /* sg */
	{ "Private limited", "Pte. Ltd.", SUFFIX, 0x70 }, /* sg */
	{ "p.l.c.", "PLC", SUFFIX, 0x70 },
	{ "Pte Ltd", "Pte. Ltd.", SUFFIX, 0x70 },
	{ "PAO", "ПАО", CASE, 0x70 },
	{ "S.A.", "S.A.", SUFFIX, 0x73 }, /* fr/es/... */
	/* fr/es/... */
	{ "Société anonyme / Sociedad anónima", "S.A.", LOOKUP, 0x73 },
	{ "SAS", "SAS", SUFFIX, 0x73 }, /* fr */
	{ "Société par actions simplifiée", "SAS", SUFFIX, 0x73 }, /* fr */
	{ "S.r.l.", "S.r.l.", SUFFIX, 0x73 }, /* it */
	/* it */
	{ "Società a responsabilità limitata", "S.r.l.", SUFFIX, 0x73 },
	{ "Sp. z o.o.", "Sp. z o.o.", SUFFIX, 0x73 }, /* pl */
	/* pl */
	{ "Spółka z ograniczoną odpowiedzialnością", "Sp. z o.o.",
	    SUFFIX, 0x73 },
	{ "s.r.o.", "s.r.o.", SUFFIX, 0x73 }, /* cz/sk */
	{ "Společnost s ručením omezeným", "s.r.o.", SUFFIX, 0x73 }, /* cz/sk */
	{ "Société anonyme", "S.A.", SUFFIX, 0x73 },
	{ "Sociedad anónima", "S.A.", SUFFIX, 0x73 },
	{ "SA", "S.A.", SUFFIX | CASE, 0x73 },
	{ "SRL", "S.r.l.", SUFFIX, 0x73 },
	{ "Sp. z o. o.", "Sp. z o.o.", SUFFIX, 0x73 },
	{ "Sp.z o.o.", "Sp. z o.o.", SUFFIX, 0x73 },
	{ "UG (haftungsbeschränkt)", "UG", SUFFIX, 0x75 },
	{ "UG", "UG", SUFFIX | CASE, 0x75 },
	{ "ZAO", "ЗАО", CASE, 0x7a },
	{ "АО", "АО", CASE, 0x430 }, /* ru-commercial */
	{ "Акционерное общество", "АО", 0, 0x430 }, /* ru-commercial */
	{ "АНО", "АНО", 0, 0x430 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Автономная некоммерческая организация", "АНО", 0, 0x430 },
	{ "АБ", "АБ", AMBIG | CASE, 0x430 }, /* ru-noncommercial */
	{ "Адвокатское бюро", "АБ", 0, 0x430 }, /* ru-noncommercial */
	{ "БФ", "БФ", AMBIG | CASE, 0x431 }, /* ru-noncommercial */
	{ "Благотворительный фонд", "БФ", 0, 0x431 }, /* ru-noncommercial */
	{ "ГУП", "ГУП", 0, 0x433 }, /* ru-unitary */
	/* ru-unitary */
	{ "Государственное унитарное предприятие", "ГУП", 0, 0x433 },
	{ "ГУ", "ГУ", AMBIG | CASE, 0x433 }, /* ru-institution */
	{ "Государственное учреждение", "ГУ", 0, 0x433 }, /* ru-institution */
	{ "ГБУ", "ГБУ", 0, 0x433 }, /* ru-institution */
	/* ru-institution */
	{ "Государственное бюджетное учреждение", "ГБУ", 0, 0x433 },
	{ "ГАУ", "ГАУ", 0, 0x433 }, /* ru-institution */
	/* ru-institution */
	{ "Государственное автономное учреждение", "ГАУ", 0, 0x433 },
	{ "ГКУ", "ГКУ", 0, 0x433 }, /* ru-institution */
	/* ru-institution */
	{ "Государственное казенное учреждение", "ГКУ", 0, 0x433 },
	{ "ГСК", "ГСК", 0, 0x433 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Гаражно-строительный кооператив", "ГСК", 0, 0x433 },
	{ "Глава КФХ", "КФХ", PREFIX, 0x433 },
	{ "ГБОУ", "ГБОУ", 0, 0x433 },
	{ "ГАОУ", "ГАОУ", 0, 0x433 },
	{ "ЖСК", "ЖСК", 0, 0x436 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Жилищно-строительный кооператив", "ЖСК", 0, 0x436 },
	{ "ЗАО", "ЗАО", 0, 0x437 }, /* ru-commercial-legacy */
	/* ru-commercial-legacy */
	{ "Закрытое акционерное общество", "ЗАО", 0, 0x437 },
	{ "ИП", "ИП", CASE, 0x438 }, /* ru-individual */
	/* ru-individual */
	{ "Индивидуальный предприниматель", "ИП", 0, 0x438 },
	{ "ИП Глава КФХ", "КФХ", PREFIX, 0x438 },
	{ "КТ", "КТ", AMBIG | CASE, 0x43a }, /* ru-commercial */
	{ "Коммандитное товарищество", "КТ", 0, 0x43a }, /* ru-commercial */
	{ "КФХ", "КФХ", 0, 0x43a }, /* ru-commercial */
	/* ru-commercial */
	{ "Крестьянское (фермерское) хозяйство", "КФХ", LOOKUP, 0x43a },
	{ "КП", "КП", AMBIG | CASE, 0x43a }, /* ru-unitary */
	{ "Казенное предприятие", "КП", 0, 0x43a }, /* ru-unitary */
	{ "КА", "КА", AMBIG | CASE, 0x43a }, /* ru-noncommercial */
	{ "Коллегия адвокатов", "КА", 0, 0x43a }, /* ru-noncommercial */
	{ "Крестьянское фермерское хозяйство", "КФХ", 0, 0x43a },
	{ "Крестьянское хозяйство", "КФХ", 0, 0x43a },
	{ "К(Ф)Х", "КФХ", 0, 0x43a },
	{ "МУП", "МУП", 0, 0x43c }, /* ru-unitary */
	/* ru-unitary */
	{ "Муниципальное унитарное предприятие", "МУП", 0, 0x43c },
	{ "МУ", "МУ", AMBIG | CASE, 0x43c }, /* ru-institution */
	{ "Муниципальное учреждение", "МУ", 0, 0x43c }, /* ru-institution */
	{ "МБУ", "МБУ", 0, 0x43c }, /* ru-institution */
	/* ru-institution */
	{ "Муниципальное бюджетное учреждение", "МБУ", 0, 0x43c },
	{ "МАУ", "МАУ", 0, 0x43c }, /* ru-institution */
	/* ru-institution */
	{ "Муниципальное автономное учреждение", "МАУ", 0, 0x43c },
	{ "МКУ", "МКУ", 0, 0x43c }, /* ru-institution */
	/* ru-institution */
	{ "Муниципальное казенное учреждение", "МКУ", 0, 0x43c },
	{ "МБОУ", "МБОУ", 0, 0x43c },
	{ "МАОУ", "МАОУ", 0, 0x43c },
	{ "МБДОУ", "МБДОУ", 0, 0x43c },
	{ "МАДОУ", "МАДОУ", 0, 0x43c },
	{ "МОО", "МОО", 0, 0x43c },
	{ "НАО", "НАО", 0, 0x43d }, /* ru-commercial */
	/* ru-commercial */
	{ "Непубличное акционерное общество", "НАО", 0, 0x43d },
	{ "НКО", "НКО", 0, 0x43d }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Некоммерческая организация", "НКО", 0, 0x43d },
	{ "НП", "НП", AMBIG | CASE, 0x43d }, /* ru-noncommercial */
	{ "Некоммерческое партнерство", "НП", 0, 0x43d }, /* ru-noncommercial */
	{ "ООО", "ООО", 0, 0x43e }, /* ru-commercial */
	/* ru-commercial */
	{ "Общество с ограниченной ответственностью", "ООО", 0, 0x43e },
	{ "ОАО", "ОАО", 0, 0x43e }, /* ru-commercial-legacy */
	/* ru-commercial-legacy */
	{ "Открытое акционерное общество", "ОАО", 0, 0x43e },
	{ "ОДО", "ОДО", 0, 0x43e }, /* ru-commercial-legacy */
	/* ru-commercial-legacy */
	{ "Общество с дополнительной ответственностью", "ОДО", 0, 0x43e },
	{ "ОО", "ОО", AMBIG | CASE, 0x43e }, /* ru-noncommercial */
	{ "Общественная организация", "ОО", 0, 0x43e }, /* ru-noncommercial */
	{ "ОД", "ОД", AMBIG | CASE, 0x43e }, /* ru-noncommercial */
	{ "Общественное движение", "ОД", 0, 0x43e }, /* ru-noncommercial */
	{ "ПАО", "ПАО", 0, 0x43f }, /* ru-commercial */
	/* ru-commercial */
	{ "Публичное акционерное общество", "ПАО", 0, 0x43f },
	{ "ПТ", "ПТ", AMBIG | CASE, 0x43f }, /* ru-commercial */
	{ "Полное товарищество", "ПТ", 0, 0x43f }, /* ru-commercial */
	{ "ПК", "ПК", AMBIG | CASE, 0x43f }, /* ru-both */
	/* ru-both */
	{ "Производственный кооператив (артель) / "
	    "Потребительский кооператив", "ПК",
	    LOOKUP, 0x43f },
	{ "ПБОЮЛ", "ПБОЮЛ", 0, 0x43f }, /* ru-individual-legacy */
	/* ru-individual-legacy */
	{ "Предприниматель без образования юридического лица", "ПБОЮЛ",
	    0, 0x43f },
	{ "ПО", "ПО", AMBIG | CASE, 0x43f }, /* ru-noncommercial */
	{ "Потребительское общество", "ПО", 0, 0x43f }, /* ru-noncommercial */
	{ "ПрАТ", "ПрАТ", 0, 0x43f }, /* ua */
	{ "Приватне акціонерне товариство", "ПрАТ", 0, 0x43f }, /* ua */
	{ "Производственный кооператив", "ПК", 0, 0x43f },
	{ "Потребительский кооператив", "ПК", 0, 0x43f },
	{ "РОО", "РОО", 0, 0x440 },
	{ "СПК", "СПК", 0, 0x441 }, /* ru-commercial */
	/* ru-commercial */
	{ "Сельскохозяйственный производственный кооператив", "СПК", 0, 0x441 },
	{ "СНТ", "СНТ", 0, 0x441 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Садоводческое некоммерческое товарищество", "СНТ", 0, 0x441 },
	{ "ТВ", "ТВ", AMBIG | CASE, 0x442 }, /* ru-commercial */
	/* ru-commercial */
	{ "Товарищество на вере (коммандитное товарищество)", "ТВ",
	    LOOKUP, 0x442 },
	{ "ТСЖ", "ТСЖ", 0, 0x442 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Товарищество собственников жилья", "ТСЖ", 0, 0x442 },
	{ "ТСН", "ТСН", 0, 0x442 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Товарищество собственников недвижимости", "ТСН", 0, 0x442 },
	{ "ТОО", "ТОО", 0, 0x442 }, /* kz (and RU-legacy pre-1994) */
	/* kz (and RU-legacy pre-1994) */
	{ "Товарищество с ограниченной ответственностью", "ТОО", 0, 0x442 },
	{ "ТОВ", "ТОВ", 0, 0x442 }, /* ua */
	{ "Товариство з обмеженою відповідальністю", "ТОВ", 0, 0x442 }, /* ua */
	{ "Товарищество на вере", "ТВ", 0, 0x442 },
	{ "УП", "УП", AMBIG | CASE, 0x443 }, /* by */
	{ "Унитарное предприятие", "УП", 0, 0x443 }, /* by */
	{ "ФГУП", "ФГУП", 0, 0x444 }, /* ru-unitary */
	/* ru-unitary */
	{ "Федеральное государственное унитарное предприятие", "ФГУП",
	    0, 0x444 },
	{ "ФКП", "ФКП", 0, 0x444 }, /* ru-unitary */
	/* ru-unitary */
	{ "Федеральное казенное предприятие", "ФКП", 0, 0x444 },
	{ "ФГБУ", "ФГБУ", 0, 0x444 }, /* ru-institution */
	/* ru-institution */
	{ "Федеральное государственное бюджетное учреждение", "ФГБУ",
	    0, 0x444 },
	{ "ФГАУ", "ФГАУ", 0, 0x444 }, /* ru-institution */
	/* ru-institution */
	{ "Федеральное государственное автономное учреждение", "ФГАУ",
	    0, 0x444 },
	{ "ФГКУ", "ФГКУ", 0, 0x444 }, /* ru-institution */
	/* ru-institution */
	{ "Федеральное государственное казенное учреждение", "ФГКУ", 0, 0x444 },
	{ "ФГБОУ ВО", "ФГБОУ ВО", 0, 0x444 }, /* ru-institution */
	/* ru-institution */
	{ "Федеральное государственное бюджетное образовательное "
	    "учреждение высшего образования", "ФГБОУ ВО",
	    0, 0x444 },
	{ "ФОП", "ФОП", 0, 0x444 }, /* ua */
	{ "Фізична особа-підприємець", "ФОП", 0, 0x444 }, /* ua */
	{ "Фермерское хозяйство", "КФХ", 0, 0x444 },
	{ "ФГАОУ ВО", "ФГАОУ ВО", 0, 0x444 },
	{ "ФГБОУ ВПО", "ФГБОУ ВО", 0, 0x444 },
	{ "ФГБОУ", "ФГБОУ", 0, 0x444 },
	{ "ФГАОУ", "ФГАОУ", 0, 0x444 },
	{ "ХП", "ХП", AMBIG | CASE, 0x445 }, /* ru-commercial */
	{ "Хозяйственное партнерство", "ХП", 0, 0x445 }, /* ru-commercial */
	{ "ЧУ", "ЧУ", AMBIG | CASE, 0x447 }, /* ru-noncommercial */
	{ "Частное учреждение", "ЧУ", 0, 0x447 }, /* ru-noncommercial */
	{ "ЧОУ", "ЧОУ", 0, 0x447 }, /* ru-noncommercial */
	/* ru-noncommercial */
	{ "Частное образовательное учреждение", "ЧОУ", 0, 0x447 },
	{ "ЧУП", "ЧУП", 0, 0x447 }, /* by */
	{ "Частное унитарное предприятие", "ЧУП", 0, 0x447 }, /* by */
};

const size_t crm_legal_nspellings =
    sizeof crm_legal_spellings / sizeof crm_legal_spellings[0];
