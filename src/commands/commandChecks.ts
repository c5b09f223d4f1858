// What a command checks about its arguments before it does anything: an image to work on.
import * as vscode from 'vscode';
import { isImagePath } from '../generate/host/images';

export const isImageUri = (v: unknown): v is vscode.Uri => v instanceof vscode.Uri && isImagePath(v.path);
