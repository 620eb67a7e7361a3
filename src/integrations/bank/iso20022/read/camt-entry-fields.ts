// What `readEntry` reads from one camt `Ntry`, as a tree of element steps the streaming entry reader follows.
import type { XmlNode } from './xml-tree.js';

/** The raw values of one `Ntry`, filled while it streams by; `readEntry` maps them. Strings are untrimmed text. */
export interface EntryFields {
  /** By `ENTRY.*` index: a string, an XmlNode for amounts (text and `Ccy`), undefined when absent. */
  readonly values: (string | XmlNode | undefined)[];
  /** The first `NtryDtls/Btch`, by `BATCH.*` index; undefined when there is none. */
  batch: (string | undefined)[] | undefined;
  readonly transactions: TxFields[];
}

/** The raw values of one `TxDtls`. */
export interface TxFields {
  /** By `TX.*` index. */
  readonly values: (string | XmlNode | undefined)[];
  /** Every `RmtInf/Ustrd`, and every `RmtInf/Strd/CdtrRefInf/Ref`, in document order (untrimmed). */
  readonly unstructured: string[];
  readonly references: string[];
}

/** Where a value goes: the entry, its batch, or the transaction being read. */
export const ENTRY = 0;
export const BATCH = 1;
export const TX = 2;

/** Value indexes in `EntryFields.values`. */
export const E = { Amt: 0, CdtDbtInd: 1, RvslInd: 2, Sts: 3, StsCd: 4, StsPrtry: 5, BookgDt: 6, BookgDtTm: 7, ValDt: 8, ValDtTm: 9, NtryRef: 10, AcctSvcrRef: 11 } as const;
/** Value indexes in `EntryFields.batch`. */
export const B = { NbOfTxs: 0, PmtInfId: 1, MsgId: 2 } as const;
/** Value indexes in `TxFields.values`. */
export const T = {
  EndToEndId: 0, InstrId: 1, PmtInfId: 2, MsgId: 3, AcctSvcrRef: 4, Amt: 5, TxAmt: 6, CdtDbtInd: 7,
  DbtrNm: 8, DbtrPtyNm: 9, CdtrNm: 10, CdtrPtyNm: 11, DbtrIban: 12, DbtrOthr: 13, CdtrIban: 14, CdtrOthr: 15,
  RsnCd: 16, RsnPrtry: 17, Rsn: 18,
} as const;

/** What an element does when it opens, besides being followed. */
export const OPEN_NOTHING = 0;
/** `TxDtls`: starts a transaction. */
export const OPEN_TX = 1;
/** `Btch`: becomes the entry's batch if it is the first. */
export const OPEN_BATCH = 2;

/** Where a closed element's text goes. */
export const KEEP_NOTHING = 0;
/** Into `values[field]` of the step's record. */
export const KEEP_TEXT = 1;
/** Into `values[field]` as a node with its attributes (amounts: the currency is an attribute). */
export const KEEP_NODE = 2;
/** Pushed onto the transaction's remittance list `unstructured` (field 0) or `references` (field 1). */
export const KEEP_LIST = 3;

/** One element under its parent step. */
export interface Step {
  /** Child steps by local name; a child not listed is skipped whole (still checked for well-formedness). */
  readonly children: ReadonlyMap<string, Step>;
  /** Every occurrence is followed; otherwise only the first under each parent (as `child()` lookups read). */
  readonly many: boolean;
  /** This step's bit among its parent's children, to tell a first occurrence from a later one. */
  bit: number;
  readonly open: number;
  readonly keep: number;
  readonly record: number;
  readonly field: number;
}

function step(children: Record<string, Step>, o: Partial<Pick<Step, 'many' | 'open' | 'keep' | 'record' | 'field'>> = {}): Step {
  let bit = 1;
  for (const name of Object.keys(children)) {
    (children[name] as Step).bit = bit;
    bit *= 2;
  }
  return { children: new Map(Object.entries(children)), many: o.many ?? false, bit: 0, open: o.open ?? OPEN_NOTHING, keep: o.keep ?? KEEP_NOTHING, record: o.record ?? ENTRY, field: o.field ?? -1 };
}

const value = (record: number, field: number): Step => step({}, { keep: KEEP_TEXT, record, field });
const amount = (record: number, field: number): Step => step({}, { keep: KEEP_NODE, record, field });
const list = (field: number): Step => step({}, { many: true, keep: KEEP_LIST, record: TX, field });

/** `Sts`, `Rsn`: a code written directly or as `Cd` / `Prtry` (codeOf). */
function code(record: number, own: number, cd: number, prtry: number): Step {
  return step({ Cd: value(record, cd), Prtry: value(record, prtry) }, { keep: KEEP_TEXT, record, field: own });
}

/** `BookgDt`, `ValDt`: `Dt` or `DtTm` (dateOf). */
const date = (dt: number, dtTm: number): Step => step({ Dt: value(ENTRY, dt), DtTm: value(ENTRY, dtTm) });

/** `Dbtr`, `Cdtr`: `Nm` (v02–v04) or `Pty/Nm` (v08+). */
const party = (nm: number, ptyNm: number): Step => step({ Nm: value(TX, nm), Pty: step({ Nm: value(TX, ptyNm) }) });

/** `DbtrAcct`, `CdtrAcct`: `Id/IBAN`, else `Id/Othr/Id` (accountIdOf). */
const account = (iban: number, other: number): Step => step({ Id: step({ IBAN: value(TX, iban), Othr: step({ Id: value(TX, other) }) }) });

const TRANSACTION = step(
  {
    Refs: step({
      EndToEndId: value(TX, T.EndToEndId), InstrId: value(TX, T.InstrId), PmtInfId: value(TX, T.PmtInfId),
      MsgId: value(TX, T.MsgId), AcctSvcrRef: value(TX, T.AcctSvcrRef),
    }),
    Amt: amount(TX, T.Amt),
    AmtDtls: step({ TxAmt: step({ Amt: amount(TX, T.TxAmt) }) }),
    CdtDbtInd: value(TX, T.CdtDbtInd),
    RltdPties: step({
      Dbtr: party(T.DbtrNm, T.DbtrPtyNm), Cdtr: party(T.CdtrNm, T.CdtrPtyNm),
      DbtrAcct: account(T.DbtrIban, T.DbtrOthr), CdtrAcct: account(T.CdtrIban, T.CdtrOthr),
    }),
    RmtInf: step({ Ustrd: list(0), Strd: step({ CdtrRefInf: step({ Ref: list(1) }, { many: true }) }, { many: true }) }, { many: true }),
    RtrInf: step({ Rsn: code(TX, T.Rsn, T.RsnCd, T.RsnPrtry) }),
  },
  { many: true, open: OPEN_TX },
);

/**
 * The `Ntry` step: every element `readEntry` maps, with the lookup it reads it by (`child`: the first of its name,
 * `all`/`first`: every one). Everything else in an entry (bank transaction codes, charges, rates, agents…) is skipped.
 */
export const NTRY: Step = step({
  Amt: amount(ENTRY, E.Amt),
  CdtDbtInd: value(ENTRY, E.CdtDbtInd),
  RvslInd: value(ENTRY, E.RvslInd),
  Sts: code(ENTRY, E.Sts, E.StsCd, E.StsPrtry),
  BookgDt: date(E.BookgDt, E.BookgDtTm),
  ValDt: date(E.ValDt, E.ValDtTm),
  NtryRef: value(ENTRY, E.NtryRef),
  AcctSvcrRef: value(ENTRY, E.AcctSvcrRef),
  NtryDtls: step(
    {
      Btch: step({ NbOfTxs: value(BATCH, B.NbOfTxs), PmtInfId: value(BATCH, B.PmtInfId), MsgId: value(BATCH, B.MsgId) }, { many: true, open: OPEN_BATCH }),
      TxDtls: TRANSACTION,
    },
    { many: true },
  ),
});
