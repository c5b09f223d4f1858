// Shared by the storyboard tests: the simulator's catalog read the way the extension reads /v1/models.
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';

export const catalog: Model[] = ModelListSchema.parse({ object: 'list', data: MODELS }).data;

/** Joins lines; a fence is written ``` so the test text reads like the Markdown it stands for. */
export const md = (...lines: string[]): string => lines.join('\n');
