/*
 * legal_forms: legal forms of companies, as a static table.
 *
 * Source: shared/data/reference/legal-forms.tsv (the project's curated list
 * of Russian, CIS and English/EU legal forms; see shared/research/
 * validation.md §3.6; redistributable with the project's reference data,
 * shared/data/README.md).  Every row of that file appears here twice, as
 * its abbreviation and as its full name, in the file's order; the spellings
 * after the rows come from its notes column and from the data we meet
 * (transliterations, dotted and undotted variants).  tests/unit/norm_test.c
 * reads the TSV at test time and fails when a row is missing here.
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
	/* ООО: ru-commercial */
	{ "ООО", "ООО", 0 },
	{ "Общество с ограниченной ответственностью", "ООО", 0 },
	/* АО: ru-commercial */
	{ "АО", "АО", CASE },
	{ "Акционерное общество", "АО", 0 },
	/* ПАО: ru-commercial */
	{ "ПАО", "ПАО", 0 },
	{ "Публичное акционерное общество", "ПАО", 0 },
	/* НАО: ru-commercial */
	{ "НАО", "НАО", 0 },
	{ "Непубличное акционерное общество", "НАО", 0 },
	/* ЗАО: ru-commercial-legacy */
	{ "ЗАО", "ЗАО", 0 },
	{ "Закрытое акционерное общество", "ЗАО", 0 },
	/* ОАО: ru-commercial-legacy */
	{ "ОАО", "ОАО", 0 },
	{ "Открытое акционерное общество", "ОАО", 0 },
	/* ОДО: ru-commercial-legacy */
	{ "ОДО", "ОДО", 0 },
	{ "Общество с дополнительной ответственностью", "ОДО", 0 },
	/* ПТ: ru-commercial */
	{ "ПТ", "ПТ", AMBIG | CASE },
	{ "Полное товарищество", "ПТ", 0 },
	/* ТВ: ru-commercial */
	{ "ТВ", "ТВ", AMBIG | CASE },
	{ "Товарищество на вере (коммандитное товарищество)", "ТВ", LOOKUP },
	/* КТ: ru-commercial */
	{ "КТ", "КТ", AMBIG | CASE },
	{ "Коммандитное товарищество", "КТ", 0 },
	/* ХП: ru-commercial */
	{ "ХП", "ХП", AMBIG | CASE },
	{ "Хозяйственное партнерство", "ХП", 0 },
	/* ПК: ru-both */
	{ "ПК", "ПК", AMBIG | CASE },
	{ "Производственный кооператив (артель) / Потребительский кооператив", "ПК", LOOKUP },
	/* СПК: ru-commercial */
	{ "СПК", "СПК", 0 },
	{ "Сельскохозяйственный производственный кооператив", "СПК", 0 },
	/* КФХ: ru-commercial */
	{ "КФХ", "КФХ", 0 },
	{ "Крестьянское (фермерское) хозяйство", "КФХ", LOOKUP },
	/* ГУП: ru-unitary */
	{ "ГУП", "ГУП", 0 },
	{ "Государственное унитарное предприятие", "ГУП", 0 },
	/* МУП: ru-unitary */
	{ "МУП", "МУП", 0 },
	{ "Муниципальное унитарное предприятие", "МУП", 0 },
	/* ФГУП: ru-unitary */
	{ "ФГУП", "ФГУП", 0 },
	{ "Федеральное государственное унитарное предприятие", "ФГУП", 0 },
	/* ФКП: ru-unitary */
	{ "ФКП", "ФКП", 0 },
	{ "Федеральное казенное предприятие", "ФКП", 0 },
	/* КП: ru-unitary */
	{ "КП", "КП", AMBIG | CASE },
	{ "Казенное предприятие", "КП", 0 },
	/* ИП: ru-individual */
	{ "ИП", "ИП", CASE },
	{ "Индивидуальный предприниматель", "ИП", 0 },
	/* ПБОЮЛ: ru-individual-legacy */
	{ "ПБОЮЛ", "ПБОЮЛ", 0 },
	{ "Предприниматель без образования юридического лица", "ПБОЮЛ", 0 },
	/* НКО: ru-noncommercial */
	{ "НКО", "НКО", 0 },
	{ "Некоммерческая организация", "НКО", 0 },
	/* АНО: ru-noncommercial */
	{ "АНО", "АНО", 0 },
	{ "Автономная некоммерческая организация", "АНО", 0 },
	/* НП: ru-noncommercial */
	{ "НП", "НП", AMBIG | CASE },
	{ "Некоммерческое партнерство", "НП", 0 },
	/* ЧУ: ru-noncommercial */
	{ "ЧУ", "ЧУ", AMBIG | CASE },
	{ "Частное учреждение", "ЧУ", 0 },
	/* ЧОУ: ru-noncommercial */
	{ "ЧОУ", "ЧОУ", 0 },
	{ "Частное образовательное учреждение", "ЧОУ", 0 },
	/* ГУ: ru-institution */
	{ "ГУ", "ГУ", AMBIG | CASE },
	{ "Государственное учреждение", "ГУ", 0 },
	/* ГБУ: ru-institution */
	{ "ГБУ", "ГБУ", 0 },
	{ "Государственное бюджетное учреждение", "ГБУ", 0 },
	/* ГАУ: ru-institution */
	{ "ГАУ", "ГАУ", 0 },
	{ "Государственное автономное учреждение", "ГАУ", 0 },
	/* ГКУ: ru-institution */
	{ "ГКУ", "ГКУ", 0 },
	{ "Государственное казенное учреждение", "ГКУ", 0 },
	/* МУ: ru-institution */
	{ "МУ", "МУ", AMBIG | CASE },
	{ "Муниципальное учреждение", "МУ", 0 },
	/* МБУ: ru-institution */
	{ "МБУ", "МБУ", 0 },
	{ "Муниципальное бюджетное учреждение", "МБУ", 0 },
	/* МАУ: ru-institution */
	{ "МАУ", "МАУ", 0 },
	{ "Муниципальное автономное учреждение", "МАУ", 0 },
	/* МКУ: ru-institution */
	{ "МКУ", "МКУ", 0 },
	{ "Муниципальное казенное учреждение", "МКУ", 0 },
	/* ФГБУ: ru-institution */
	{ "ФГБУ", "ФГБУ", 0 },
	{ "Федеральное государственное бюджетное учреждение", "ФГБУ", 0 },
	/* ФГАУ: ru-institution */
	{ "ФГАУ", "ФГАУ", 0 },
	{ "Федеральное государственное автономное учреждение", "ФГАУ", 0 },
	/* ФГКУ: ru-institution */
	{ "ФГКУ", "ФГКУ", 0 },
	{ "Федеральное государственное казенное учреждение", "ФГКУ", 0 },
	/* ФГБОУ ВО: ru-institution */
	{ "ФГБОУ ВО", "ФГБОУ ВО", 0 },
	{ "Федеральное государственное бюджетное образовательное учреждение высшего образования", "ФГБОУ ВО", 0 },
	/* ОО: ru-noncommercial */
	{ "ОО", "ОО", AMBIG | CASE },
	{ "Общественная организация", "ОО", 0 },
	/* ОД: ru-noncommercial */
	{ "ОД", "ОД", AMBIG | CASE },
	{ "Общественное движение", "ОД", 0 },
	/* БФ: ru-noncommercial */
	{ "БФ", "БФ", AMBIG | CASE },
	{ "Благотворительный фонд", "БФ", 0 },
	/* ТСЖ: ru-noncommercial */
	{ "ТСЖ", "ТСЖ", 0 },
	{ "Товарищество собственников жилья", "ТСЖ", 0 },
	/* ТСН: ru-noncommercial */
	{ "ТСН", "ТСН", 0 },
	{ "Товарищество собственников недвижимости", "ТСН", 0 },
	/* СНТ: ru-noncommercial */
	{ "СНТ", "СНТ", 0 },
	{ "Садоводческое некоммерческое товарищество", "СНТ", 0 },
	/* ЖСК: ru-noncommercial */
	{ "ЖСК", "ЖСК", 0 },
	{ "Жилищно-строительный кооператив", "ЖСК", 0 },
	/* ГСК: ru-noncommercial */
	{ "ГСК", "ГСК", 0 },
	{ "Гаражно-строительный кооператив", "ГСК", 0 },
	/* ПО: ru-noncommercial */
	{ "ПО", "ПО", AMBIG | CASE },
	{ "Потребительское общество", "ПО", 0 },
	/* КА: ru-noncommercial */
	{ "КА", "КА", AMBIG | CASE },
	{ "Коллегия адвокатов", "КА", 0 },
	/* АБ: ru-noncommercial */
	{ "АБ", "АБ", AMBIG | CASE },
	{ "Адвокатское бюро", "АБ", 0 },
	/* ТОО: kz (and RU-legacy pre-1994) */
	{ "ТОО", "ТОО", 0 },
	{ "Товарищество с ограниченной ответственностью", "ТОО", 0 },
	/* ЧУП: by */
	{ "ЧУП", "ЧУП", 0 },
	{ "Частное унитарное предприятие", "ЧУП", 0 },
	/* УП: by */
	{ "УП", "УП", AMBIG | CASE },
	{ "Унитарное предприятие", "УП", 0 },
	/* ТОВ: ua */
	{ "ТОВ", "ТОВ", 0 },
	{ "Товариство з обмеженою відповідальністю", "ТОВ", 0 },
	/* ПрАТ: ua */
	{ "ПрАТ", "ПрАТ", 0 },
	{ "Приватне акціонерне товариство", "ПрАТ", 0 },
	/* ФОП: ua */
	{ "ФОП", "ФОП", 0 },
	{ "Фізична особа-підприємець", "ФОП", 0 },
	/* LLC: en-us */
	{ "LLC", "LLC", 0 },
	{ "Limited liability company", "LLC", 0 },
	/* Inc.: en-us */
	{ "Inc.", "Inc.", SUFFIX },
	{ "Incorporated", "Inc.", SUFFIX },
	/* Corp.: en-us */
	{ "Corp.", "Corp.", SUFFIX },
	{ "Corporation", "Corp.", SUFFIX },
	/* Co.: en */
	{ "Co.", "Co.", SUFFIX },
	{ "Company", "Co.", LOOKUP },
	/* Ltd: en-gb */
	{ "Ltd", "Ltd", SUFFIX },
	{ "Limited", "Ltd", SUFFIX },
	/* PLC: en-gb */
	{ "PLC", "PLC", SUFFIX },
	{ "Public limited company", "PLC", SUFFIX },
	/* LLP: en */
	{ "LLP", "LLP", SUFFIX },
	{ "Limited liability partnership", "LLP", SUFFIX },
	/* LP: en */
	{ "LP", "LP", CASE | SUFFIX },
	{ "Limited partnership", "LP", SUFFIX },
	/* GmbH: de/at/ch */
	{ "GmbH", "GmbH", SUFFIX },
	{ "Gesellschaft mit beschränkter Haftung", "GmbH", SUFFIX },
	/* AG: de/at/ch */
	{ "AG", "AG", CASE | SUFFIX },
	{ "Aktiengesellschaft", "AG", SUFFIX },
	/* KG: de */
	{ "KG", "KG", CASE | SUFFIX },
	{ "Kommanditgesellschaft", "KG", SUFFIX },
	/* OHG: de */
	{ "OHG", "OHG", SUFFIX },
	{ "Offene Handelsgesellschaft", "OHG", SUFFIX },
	/* S.A.: fr/es/... */
	{ "S.A.", "S.A.", SUFFIX },
	{ "Société anonyme / Sociedad anónima", "S.A.", LOOKUP },
	/* SAS: fr */
	{ "SAS", "SAS", SUFFIX },
	{ "Société par actions simplifiée", "SAS", SUFFIX },
	/* S.r.l.: it */
	{ "S.r.l.", "S.r.l.", SUFFIX },
	{ "Società a responsabilità limitata", "S.r.l.", SUFFIX },
	/* B.V.: nl */
	{ "B.V.", "B.V.", SUFFIX },
	{ "Besloten vennootschap", "B.V.", SUFFIX },
	/* N.V.: nl */
	{ "N.V.", "N.V.", SUFFIX },
	{ "Naamloze vennootschap", "N.V.", SUFFIX },
	/* Sp. z o.o.: pl */
	{ "Sp. z o.o.", "Sp. z o.o.", SUFFIX },
	{ "Spółka z ograniczoną odpowiedzialnością", "Sp. z o.o.", SUFFIX },
	/* s.r.o.: cz/sk */
	{ "s.r.o.", "s.r.o.", SUFFIX },
	{ "Společnost s ručením omezeným", "s.r.o.", SUFFIX },
	/* Pte. Ltd.: sg */
	{ "Pte. Ltd.", "Pte. Ltd.", SUFFIX },
	{ "Private limited", "Pte. Ltd.", SUFFIX },

	/* Spellings beyond the rows: parts of compound full names. */
	{ "Товарищество на вере", "ТВ", 0 },
	{ "Производственный кооператив", "ПК", 0 },
	{ "Потребительский кооператив", "ПК", 0 },
	{ "Крестьянское фермерское хозяйство", "КФХ", 0 },
	{ "Крестьянское хозяйство", "КФХ", 0 },
	{ "Фермерское хозяйство", "КФХ", 0 },
	{ "Société anonyme", "S.A.", SUFFIX },
	{ "Sociedad anónima", "S.A.", SUFFIX },
	/* From the notes column. */
	{ "К(Ф)Х", "КФХ", 0 },
	{ "Глава КФХ", "КФХ", PREFIX },
	{ "ИП Глава КФХ", "КФХ", PREFIX },
	{ "ФГАОУ ВО", "ФГАОУ ВО", 0 },
	{ "ФГБОУ ВПО", "ФГБОУ ВО", 0 },
	{ "ФГБОУ", "ФГБОУ", 0 },
	{ "ФГАОУ", "ФГАОУ", 0 },
	{ "ГБОУ", "ГБОУ", 0 },
	{ "ГАОУ", "ГАОУ", 0 },
	{ "МБОУ", "МБОУ", 0 },
	{ "МАОУ", "МАОУ", 0 },
	{ "МБДОУ", "МБДОУ", 0 },
	{ "МАДОУ", "МАДОУ", 0 },
	{ "РОО", "РОО", 0 },
	{ "МОО", "МОО", 0 },
	{ "L.L.C.", "LLC", 0 },
	{ "Inc", "Inc.", SUFFIX },
	{ "Corp", "Corp.", SUFFIX },
	{ "Co", "Co.", SUFFIX | CASE },
	{ "& Co.", "Co.", SUFFIX },
	{ "& Co", "Co.", SUFFIX | CASE },
	{ "Ltd.", "Ltd", SUFFIX },
	{ "p.l.c.", "PLC", SUFFIX },
	{ "GmbH & Co. KG", "GmbH & Co. KG", SUFFIX },
	{ "gGmbH", "gGmbH", SUFFIX | CASE },
	{ "UG (haftungsbeschränkt)", "UG", SUFFIX },
	{ "UG", "UG", SUFFIX | CASE },
	{ "SA", "S.A.", SUFFIX | CASE },
	{ "SRL", "S.r.l.", SUFFIX },
	{ "BV", "B.V.", SUFFIX | CASE },
	{ "NV", "N.V.", SUFFIX | CASE },
	{ "Sp. z o. o.", "Sp. z o.o.", SUFFIX },
	{ "Sp.z o.o.", "Sp. z o.o.", SUFFIX },
	{ "Pte Ltd", "Pte. Ltd.", SUFFIX },
	/* Transliterations that are not look-alikes. */
	{ "ZAO", "ЗАО", CASE },
	{ "PAO", "ПАО", CASE },
};

const size_t crm_legal_nspellings =
    sizeof crm_legal_spellings / sizeof crm_legal_spellings[0];
