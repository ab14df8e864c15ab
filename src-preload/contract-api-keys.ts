/** Contract requests for participants' API signing keys (Trading API authentication). */
export const apiKeyRequests = {} as const;
