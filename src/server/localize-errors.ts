import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { DEFAULT_LANGUAGE, languageOf, localizeError, type Language } from '../errors/messages';

/**
 * Error messages in the request's language (`Accept-Language`, else `defaultLanguage`).
 * Apollo's `formatError` sees no request, so this plugin rewrites the already formatted errors
 * just before the response is sent: codes and extensions stay, only `message` changes (the
 * original is kept in `extensions.detail`). Errors raised before Apollo's pipeline starts
 * (the context function's 401/429, the HTTP layer's own refusals) go through
 * `localizeResponseBody` instead.
 */
export function localizedErrorsPlugin(
  defaultLanguage: Language = DEFAULT_LANGUAGE,
): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const lang = languageOf(request.http?.headers.get('accept-language'), defaultLanguage);
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors) result.errors = result.errors.map((e) => localizeError(e, lang));
        },
      };
    },
  };
}

/**
 * The same for a complete JSON response body the HTTP layer holds as text (a refusal before
 * Apollo's pipeline ran). Returns the text unchanged when it has no errors or is not JSON.
 */
export function localizeResponseBody(text: string, lang: Language): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    !('errors' in body) ||
    !Array.isArray(body.errors)
  )
    return text;
  const errors: GraphQLFormattedError[] = body.errors;
  return JSON.stringify({ ...body, errors: errors.map((e) => localizeError(e, lang)) });
}
