// SAM 2.1 against facebookresearch/sam2 (../shared/golden/sam2.*, its README section):
// the image encoder with intermediates, the prompt encoder and mask decoder on points,
// a box and masks, the memory encoder, the memory attention and the video predictor
// over 6 frames with mask, click, box prompts, an absent object and corrections.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "diffusion_golden.h"
#include "nn/state_dict.h"
#include "sam2/sam2_model.h"
#include "sam2/sam2_preprocess.h"
#include "sam2/video_predictor.h"

namespace permanence::sam2 {
namespace {

// The README's tolerance for every group.
constexpr double kAtol = 1e-4, kRtol = 1e-4;

std::vector<int64_t> ints(const nlohmann::json& value) { return value.get<std::vector<int64_t>>(); }

// The reduced Hiera-T of sam2.config.json.
Sam2Config goldenConfig() {
  std::ifstream in(test::goldenDir() / "sam2.config.json");
  const nlohmann::json kwargs = nlohmann::json::parse(in)["init_kwargs"];
  const auto& trunk = kwargs["image_encoder"]["trunk"];
  Sam2Config c;
  c.name = "golden (reduced Hiera-T)";
  c.trunk.embedDim = trunk["embed_dim"];
  c.trunk.numHeads = trunk["num_heads"];
  c.trunk.stages = ints(trunk["stages"]);
  c.trunk.globalAttentionBlocks = ints(trunk["global_att_blocks"]);
  c.trunk.windowSpec = ints(trunk["window_spec"]);
  c.trunk.backgroundPosEmbedSize = ints(trunk["window_pos_embed_bkg_spatial_size"]);
  c.hiddenDim = kwargs["image_encoder"]["neck"]["d_model"];
  c.memoryDim = kwargs["memory_encoder"]["out_dim"];
  c.memoryAttentionLayers = kwargs["memory_attention"]["num_layers"];
  c.memoryAttentionFeedForward = kwargs["memory_attention"]["layer"]["dim_feedforward"];
  c.memoryAttentionHeads = kwargs["memory_attention"]["layer"]["self_attention"]["num_heads"];
  c.numMaskMemories = kwargs["model"]["num_maskmem"];
  c.maxObjectPointers = kwargs["model"]["max_obj_ptrs_in_encoder"];
  c.imageSize = kwargs["model"]["image_size"];
  return c;
}

// Stored memories are bfloat16: within one bfloat16 step of the reference for >= 99%
// of the elements (README: "1 bf16 ulp", a few local outliers on prompted frames).
::testing::AssertionResult matchesBf16Storage(const std::string& what, const torch::Tensor& actual,
                                              const torch::Tensor& expected) {
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure() << what << ": shape " << actual.sizes() << " vs " << expected.sizes();
  torch::Tensor a = actual.to(torch::kFloat64), e = expected.to(torch::kFloat64);
  torch::Tensor within = (a - e).abs() <= e.abs() * std::ldexp(1.0, -7) + 1e-6;
  const double fraction = within.to(torch::kFloat64).mean().item<double>();
  std::cout << "[parity] " << what << " within one bf16 step: " << fraction * 100 << "%" << std::endl;
  if (fraction >= 0.99) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": only " << fraction * 100 << "% within one bfloat16 step";
}

class Sam2Golden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Never skipped: the vectors ship in ../shared, and CI has them.
    ASSERT_FALSE(test::goldenDir().empty()) << "../shared/golden is missing: SAM 2 parity cannot be checked";
    model = new Sam2Model(goldenConfig());
    nn::loadStateDict(**model, (test::goldenDir() / "sam2.weights.safetensors").string());
    (*model)->eval();
    inputs = new nn::TensorMap(test::loadGolden("sam2", "inputs"));
    expected = new nn::TensorMap(test::loadGolden("sam2", "expected"));
  }
  static void TearDownTestSuite() {
    delete model;
    delete inputs;
    delete expected;
  }

  static const torch::Tensor& in(const std::string& name) { return inputs->at(name); }
  static bool hasInput(const std::string& name) { return inputs->count(name) > 0; }
  static ::testing::AssertionResult matches(const std::string& name, const torch::Tensor& actual) {
    return test::matchesGolden(name, actual, expected->at(name), kAtol, kRtol);
  }
  // The decoder cases' image features (dec.*).
  static BackboneFeatures decoderFeatures() {
    BackboneFeatures f;
    f.visionFeatures = in("dec.image_embeddings");
    f.highRes0 = in("dec.high_res_feat0");
    f.highRes1 = in("dec.high_res_feat1");
    return f;
  }

  static Sam2Model* model;
  static nn::TensorMap* inputs;
  static nn::TensorMap* expected;
  torch::NoGradGuard noGrad;
};

Sam2Model* Sam2Golden::model = nullptr;
nn::TensorMap* Sam2Golden::inputs = nullptr;
nn::TensorMap* Sam2Golden::expected = nullptr;

TEST_F(Sam2Golden, ImageEncoderWithIntermediates) {
  ImageEncoderOutput encoded;
  ImageEncoderTrace trace;
  BackboneFeatures features = (*model)->forwardImage(in("enc.image"), &encoded, &trace);
  for (int level = 0; level < 3; ++level) {
    const std::string l = std::to_string(level);
    EXPECT_TRUE(matches("enc.backbone_fpn." + l, encoded.backboneFpn[level]));
    EXPECT_TRUE(matches("enc.vision_pos_enc." + l, encoded.visionPosEnc[level]));
  }
  EXPECT_TRUE(matches("enc.vision_features", encoded.visionFeatures()));
  EXPECT_TRUE(matches("enc.inter.image_encoder.trunk.patch_embed", trace.trunk.patchEmbed));
  EXPECT_TRUE(matches("enc.inter.trunk.pos_embed", trace.trunk.posEmbed));
  ASSERT_EQ(trace.trunk.blocks.size(), 7u);
  for (size_t i = 0; i < trace.trunk.blocks.size(); ++i)
    EXPECT_TRUE(matches("enc.inter.image_encoder.trunk.blocks." + std::to_string(i), trace.trunk.blocks[i]));
  ASSERT_EQ(trace.neckLateral.size(), 4u);
  EXPECT_TRUE(matches("enc.inter.image_encoder.neck.convs.0", trace.neckLateral[0]));
  EXPECT_TRUE(matches("enc.inter.image_encoder.neck.convs.1", trace.neckLateral[1]));
  EXPECT_TRUE(matches("enc.forward_image.backbone_fpn.0", features.highRes0));
  EXPECT_TRUE(matches("enc.forward_image.backbone_fpn.1", features.highRes1));
}

class Sam2DecoderGolden : public Sam2Golden, public ::testing::WithParamInterface<std::string> {};

TEST_P(Sam2DecoderGolden, PromptEncoderDecoderAndHeads) {
  const std::string c = GetParam();
  const BackboneFeatures f = decoderFeatures();
  torch::Tensor coords, labels, masks;
  if (hasInput(c + ".point_coords")) {
    coords = in(c + ".point_coords");
    labels = in(c + ".point_labels").to(torch::kInt64);
  }
  if (hasInput(c + ".mask_inputs")) masks = in(c + ".mask_inputs");
  // The prompt encoder exactly as _forward_sam_heads calls it (a padding point when none).
  auto [sparse, dense] = (*model)->sam_prompt_encoder(
      coords.defined() ? coords : torch::zeros({1, 1, 2}), labels.defined() ? labels : -torch::ones({1, 1}, torch::kInt64),
      masks);
  EXPECT_TRUE(matches(c + ".prompt.sparse_embeddings", sparse));
  EXPECT_TRUE(matches(c + ".prompt.dense_embeddings", dense));
  const torch::Tensor imagePe = (*model)->sam_prompt_encoder->denseEmbedding();
  EXPECT_TRUE(matches("dec.image_pe", imagePe));

  MaskPrediction raw = (*model)->sam_mask_decoder->predictMasks(f.visionFeatures, imagePe, sparse, dense, f.highRes0, f.highRes1);
  EXPECT_TRUE(matches(c + ".decoder_raw.masks", raw.masks));
  EXPECT_TRUE(matches(c + ".decoder_raw.iou_pred", raw.iouPred));
  EXPECT_TRUE(matches(c + ".decoder_raw.mask_tokens_out", raw.maskTokensOut));
  EXPECT_TRUE(matches(c + ".decoder_raw.object_score_logits", raw.objectScoreLogits));
  EXPECT_TRUE(matches(c + ".decoder_raw.stability_score_token0", MaskDecoderImpl::stabilityScores(raw.masks.slice(1, 0, 1))));
  if (c == "dec_pts") {
    EXPECT_TRUE(matches("dec_pts.inter.transformer.queries", raw.transformerQueries));
    EXPECT_TRUE(matches("dec_pts.inter.transformer.keys", raw.transformerKeys));
  }

  for (bool multimask : {true, false}) {
    const std::string m = c + (multimask ? ".mm1." : ".mm0.");
    SamHeadsOutput heads = (*model)->forwardSamHeads(f.visionFeatures, coords, labels, masks, f, multimask);
    EXPECT_TRUE(matches(m + "low_res_multimasks", heads.lowResMultimasks));
    EXPECT_TRUE(matches(m + "ious", heads.ious));
    EXPECT_TRUE(matches(m + "low_res_masks", heads.lowResMasks));
    EXPECT_TRUE(matches(m + "obj_ptr", heads.objPtr));
    EXPECT_TRUE(matches(m + "object_score_logits", heads.objectScoreLogits));
    if (c == "dec_pts" && multimask) {
      EXPECT_TRUE(matches(m + "high_res_masks", (*model)->upsampleMasks(heads.lowResMasks)));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Sam2DecoderGolden, ::testing::Values("dec_pts", "dec_box", "dec_mask", "dec_pts_mask"));

TEST_F(Sam2Golden, MaskAsOutput) {
  const torch::Tensor mask = in("dec_mask_as_output.mask_inputs");
  EXPECT_TRUE(matches("dec_mask_as_output.mask_downsample", (*model)->mask_downsample(mask)));
  SamHeadsOutput out = (*model)->useMaskAsOutput(decoderFeatures(), mask);
  EXPECT_TRUE(matches("dec_mask_as_output.ious", out.ious));
  EXPECT_TRUE(matches("dec_mask_as_output.low_res_masks", out.lowResMasks));
  EXPECT_TRUE(matches("dec_mask_as_output.obj_ptr", out.objPtr));
  EXPECT_TRUE(matches("dec_mask_as_output.object_score_logits", out.objectScoreLogits));
}

TEST_F(Sam2Golden, MemoryEncoder) {
  const torch::Tensor pixFeat = in("mem_enc.pix_feat"), mask = in("mem_enc.mask_high_res");
  MemoryEncoderTrace trace;
  torch::Tensor sig = (*model)->encodeNewMemory(pixFeat, mask, in("mem_enc_sig.object_score_logits"), false, &trace);
  EXPECT_TRUE(matches("mem_enc_sig.maskmem_features", sig));
  EXPECT_TRUE(matches("mem_enc_sig.inter.memory_encoder.mask_downsampler", trace.maskDownsampler));
  EXPECT_TRUE(matches("mem_enc_sig.inter.memory_encoder.pix_feat_proj", trace.pixFeatProj));
  EXPECT_TRUE(matches("mem_enc_sig.inter.memory_encoder.fuser", trace.fuser));
  EXPECT_TRUE(matches("mem_enc_sig.inter.memory_encoder.out_proj", trace.outProj));
  EXPECT_TRUE(matches("mem_enc_bin.maskmem_features",
                      (*model)->encodeNewMemory(pixFeat, mask, in("mem_enc_bin.object_score_logits"), true)));
  EXPECT_TRUE(matches("mem_enc_noobj.maskmem_features",
                      (*model)->encodeNewMemory(pixFeat, mask, in("mem_enc_noobj.object_score_logits"), false)));
  EXPECT_TRUE(matches("mem_enc.maskmem_pos_enc", (*model)->maskmemPosEnc()));
}

TEST_F(Sam2Golden, MemoryAttentionDirect) {
  std::vector<torch::Tensor> layers;
  torch::Tensor out = (*model)->memory_attention(in("mattn.curr"), in("mattn.curr_pos"), in("mattn_direct.memory"),
                                                 in("mattn_direct.memory_pos"),
                                                 in("mattn_direct.num_obj_ptr_tokens").item<int64_t>(), &layers);
  EXPECT_TRUE(matches("mattn_direct.out", out));
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_TRUE(matches("mattn_direct.inter.memory_attention.layers.0", layers[0]));
  EXPECT_TRUE(matches("mattn_direct.inter.memory_attention.layers.1", layers[1]));
}

TEST_F(Sam2Golden, MemoryConditionedFeatures) {
  MemoryFrames cond, nonCond;
  for (int t : {0, 1, 3, 4, 5}) {
    const std::string f = "mattn_bank.f" + std::to_string(t);
    FrameMemory memory{in(f + ".maskmem_features").to(torch::kBFloat16), in(f + ".obj_ptr")};
    (t == 0 || t == 5 ? cond : nonCond).emplace(t, memory);
  }
  // The bank's stored spatial encoding is the one the model computes.
  EXPECT_TRUE(test::matchesGolden("mattn_bank.maskmem_pos_enc", (*model)->maskmemPosEnc(), in("mattn_bank.maskmem_pos_enc"),
                                  kAtol, kRtol));
  // The current frame: mattn.curr (hw, 1, C) as a (1, C, s, s) map.
  BackboneFeatures current;
  current.visionFeatures = in("mattn.curr").permute({1, 2, 0}).reshape({1, -1, 16, 16});
  current.visionPosEnc = in("mattn.curr_pos").permute({1, 2, 0}).reshape({1, -1, 16, 16});
  for (auto [name, frame, reverse] : {std::tuple{"mattn_fwd", 4, false}, std::tuple{"mattn_rev", 2, true}}) {
    const std::string c = name;
    AssembledMemory bank = (*model)->assembleMemory(frame, cond, nonCond, 6, reverse);
    EXPECT_TRUE(matches(c + ".memory", bank.memory));
    EXPECT_TRUE(matches(c + ".memory_pos", bank.memoryPos));
    EXPECT_EQ(bank.objectPointerTokens, expected->at(c + ".num_obj_ptr_tokens").item<int64_t>()) << c;
    EXPECT_TRUE(matches(c + ".pix_feat_with_mem", (*model)->conditionOnMemory(frame, false, current, cond, nonCond, 6, reverse)));
  }
  EXPECT_TRUE(matches("mattn_init.pix_feat_with_mem", (*model)->conditionOnMemory(0, true, current, {}, {}, 6, false)));
}

TEST_F(Sam2Golden, PreprocessedFrames) {
  EXPECT_TRUE(test::matchesGolden("vid.images", prepareFrames(in("vid.frames"), 256), in("vid.images"), 1e-6, 0));
}

// The video cases: prompt calls, then propagate_in_video from the first prompted frame.
class Sam2VideoGolden : public Sam2Golden {
 protected:
  VideoPredictor predictor(bool addAllFramesToCorrectAsCond = false) {
    const torch::Tensor images = in("vid.images");
    const torch::Tensor hw = in("vid.video_hw");
    return VideoPredictor(*model, [images](int t) { return images[t].unsqueeze(0); }, static_cast<int>(images.size(0)),
                          hw[0].item<int>(), hw[1].item<int>(), VideoPredictorOptions{addAllFramesToCorrectAsCond});
  }

  static void expectPromptResult(const std::string& c, const FrameResult& r) {
    EXPECT_TRUE(matches(c + ".add.video_res_masks", r.videoResMasks));
    EXPECT_TRUE(matches(c + ".add.pred_masks", r.predMasks));
    EXPECT_TRUE(matches(c + ".add.obj_ptr", r.objPtr));
    EXPECT_TRUE(matches(c + ".add.object_score_logits", r.objectScoreLogits));
    EXPECT_EQ(r.isCond, expected->at(c + ".add.is_cond").item<int64_t>() != 0) << c;
  }

  static void expectPropagation(const std::string& c, VideoPredictor& p) {
    std::vector<FrameResult> frames;
    p.propagate([&](const FrameResult& r) { frames.push_back(r); });
    std::vector<torch::Tensor> masks, pred, scores, ptrs, memories;
    std::vector<int64_t> order, isCond;
    for (const FrameResult& r : frames) {
      order.push_back(r.frame);
      isCond.push_back(r.isCond);
      masks.push_back(r.videoResMasks);
      pred.push_back(r.predMasks);
      scores.push_back(r.objectScoreLogits);
      ptrs.push_back(r.objPtr);
      memories.push_back(r.maskmemFeatures);
    }
    auto expectedInts = [&](const std::string& name) {
      const torch::Tensor e = expected->at(name).to(torch::kInt64);
      return std::vector<int64_t>(e.data_ptr<int64_t>(), e.data_ptr<int64_t>() + e.numel());
    };
    EXPECT_EQ(order, expectedInts(c + ".prop.frame_idx")) << c;
    EXPECT_EQ(isCond, expectedInts(c + ".prop.is_cond")) << c;
    EXPECT_TRUE(matches(c + ".prop.video_res_masks", torch::stack(masks)));
    EXPECT_TRUE(matches(c + ".prop.pred_masks", torch::stack(pred)));
    EXPECT_TRUE(matches(c + ".prop.object_score_logits", torch::stack(scores)));
    EXPECT_TRUE(matches(c + ".prop.obj_ptr", torch::stack(ptrs)));
    EXPECT_TRUE(matchesBf16Storage(c + ".prop.maskmem_features", torch::stack(memories), expected->at(c + ".prop.maskmem_features")));
  }

  static torch::Tensor points(const std::string& c) { return in(c + ".points"); }
  static torch::Tensor labels(const std::string& c) { return in(c + ".labels").to(torch::kInt64); }
};

TEST_F(Sam2VideoGolden, MaskPrompt) {
  VideoPredictor p = predictor();
  expectPromptResult("vid_mask", p.addMask(0, in("vid_mask.mask")));
  expectPropagation("vid_mask", p);
}

TEST_F(Sam2VideoGolden, TwoMaskPromptsWithTheObjectAbsent) {
  VideoPredictor p = predictor();
  p.addMask(0, in("vid_mask.mask"));
  expectPromptResult("vid_mask2", p.addMask(in("vid_mask2.frame_idx").item<int>(), in("vid_mask2.mask")));
  expectPropagation("vid_mask2", p);
}

TEST_F(Sam2VideoGolden, ClickThenCorrection) {
  VideoPredictor p = predictor();
  expectPromptResult("vid_click", p.addPoints(0, points("vid_click"), labels("vid_click")));
  expectPropagation("vid_click", p);
  expectPromptResult("vid_correct",
                     p.addPoints(in("vid_correct.frame_idx").item<int>(), points("vid_correct"), labels("vid_correct")));
  expectPropagation("vid_correct", p);
}

TEST_F(Sam2VideoGolden, BoxAndClick) {
  VideoPredictor p = predictor();
  expectPromptResult("vid_box", p.addPoints(0, points("vid_box"), labels("vid_box"), in("vid_box.box")));
  expectPropagation("vid_box", p);
}

TEST_F(Sam2VideoGolden, CorrectionAsConditioningFrame) {
  VideoPredictor p = predictor(true);
  p.addPoints(0, points("vid_click"), labels("vid_click"));
  p.propagate([](const FrameResult&) {});
  expectPromptResult("vid_correct_cond",
                     p.addPoints(in("vid_correct.frame_idx").item<int>(), points("vid_correct"), labels("vid_correct")));
  expectPropagation("vid_correct_cond", p);
}

}  // namespace
}  // namespace permanence::sam2
