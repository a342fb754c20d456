/** Contracts for the units' blank Excel forms: generation into the year's forms folder, listing, reading, opening. */
import { z } from 'zod';
import { contract } from './contract';
import { OutputFileDto } from './report';
import { YearNumber } from './years';

const FileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Tên tệp không hợp lệ');

export const FormFileDto = z.object({
  /** File name inside the forms folder; also its id across the boundary. */
  name: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  size: z.number().int(),
});
export type FormFileDto = z.infer<typeof FormFileDto>;

export const FormsResultDto = z.object({
  /** Absolute path of the folder written to. */
  folder: z.string(),
  files: z.array(FormFileDto),
  /** One archive of every form, to send in one message. */
  zip: z.object({ name: z.string(), size: z.number().int() }),
  /** Active units that get no form, with the reason in Vietnamese (e.g. the compiling office itself). */
  skipped: z.array(z.object({ unitCode: z.string(), reason: z.string() })),
});
export type FormsResultDto = z.infer<typeof FormsResultDto>;

export const formsRpc = {
  /** Writes one form per active unit (the office excepted) and a zip of them into the year's forms folder. */
  generate: contract({ channel: 'forms:generate', writes: false, input: z.object({ year: YearNumber }), output: FormsResultDto }),
  /** The forms and zips now in the year's forms folder. */
  files: contract({ channel: 'forms:files', writes: false, input: z.object({ year: YearNumber }), output: z.array(OutputFileDto) }),
  /** The bytes of a form or of the zip, for the browser to download (web host). */
  readFile: contract({
    channel: 'forms:read-file',
    writes: false,
    input: z.object({ year: YearNumber, name: FileName }),
    output: z.object({ name: z.string(), base64: z.string() }),
  }),
  /** Opens the forms folder with the system's file manager (desktop only). */
  openFolder: contract({
    channel: 'forms:open-folder',
    writes: false,
    input: z.object({ year: YearNumber }),
    output: z.object({ opened: z.string() }),
  }),
};
